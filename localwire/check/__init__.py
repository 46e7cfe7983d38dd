"""check: numeric claims in any text, verified against the store."""
