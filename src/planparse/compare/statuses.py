"""The statuses of a diff's pairs, in the order reports list them, and the keys of its
summary (kept apart from the data model so that the command line can offer them without
loading it). ``moved`` is no status but a flag a pair carries beside it: what became of a
unit's content and where it went are two questions."""

STATUSES = ("unchanged", "changed", "merged", "split", "added", "dropped")
SUMMARY = ("unchanged", "changed", "moved", "merged", "split", "added", "dropped")
