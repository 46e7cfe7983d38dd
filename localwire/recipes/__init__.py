"""Bundled import recipes (YAML), found by name: `localwire import FILE --recipe NAME`."""
