"""Rules as data: the grammar loader (:mod:`.grammar`) and its time budgets (:mod:`.budget`),
the numeral systems heading markers use (:mod:`.numerals`), and what one process compiles
and the next reuses (:mod:`.cache`). The rules themselves are ``grammars/*.yaml``."""
