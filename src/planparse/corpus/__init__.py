"""Many plans at once: the flat table of commitments (:mod:`.commitments`), the batch run over a
folder (:mod:`.batch`), the DuckDB store it fills (:mod:`.store`), what leaves the store
(:mod:`.export`: COPY to CSV, JSON lines, Parquet; query results) and a small chart of one
figure over the years (:mod:`.chart`)."""
