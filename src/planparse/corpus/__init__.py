"""Many plans at once: the flat table of commitments (:mod:`.commitments`), the batch run over a
folder (:mod:`.batch`), the DuckDB store it fills and what it exports (:mod:`.store`), and a
small chart of one figure over the years (:mod:`.chart`)."""
