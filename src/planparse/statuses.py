"""The statuses of a diff's pairs, in the order reports list them (kept apart from the data
model so that the command line can offer them without loading it)."""

STATUSES = ("unchanged", "changed", "moved", "merged", "split", "added", "dropped")
