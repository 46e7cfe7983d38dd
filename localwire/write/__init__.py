"""Writing stories: packs, house style, tracing, formats."""
