"""The command line: the console entry point (:mod:`.launch`, which answers ``--help`` without
importing click), the thin click commands over the library API (:mod:`.commands`) and the
terminal's conventions (:mod:`.terminal`). Importing this package imports nothing else."""
