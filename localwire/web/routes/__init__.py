"""The desk's routes, one module per page family; each only parses, calls `localwire.desk`
and renders."""
