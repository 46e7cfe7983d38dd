"""Queries of sources: the files kept byte-for-byte, their hashes, recipes and what was skipped."""

from __future__ import annotations
