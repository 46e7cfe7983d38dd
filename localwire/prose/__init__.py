"""The lexicon the writer and the checker share: number words, house-style rules, tolerances.

The writer formats figures with it and the checker reads them back with it, so "about two a day"
means the same to both.
"""
