"""The views of a diff and a chain, one module per view: ``data`` (JSON and YAML), ``table``
(CSV), ``terminal``, ``markdown``, ``html`` (a page to share) and ``sankey`` (the chain as a
picture); ``common`` holds what they share and ``palette`` their colours. A report never prints
itself: these turn it into text."""
