"""The command line: the console entry point (:mod:`.launch`, which answers ``--help`` and
``parse`` without importing click), what every command does around the library
(:mod:`.io`: bounded input, output, one-line errors, ``parse`` itself), the thin click
commands over the library API (:mod:`.commands`), the terminal's conventions
(:mod:`.terminal`) and a batch's progress bar (:mod:`.progress`). Importing this package
imports nothing else."""
