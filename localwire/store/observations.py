"""Queries of observations: staging, validating and writing an import, versions, and the
reads the desk's tables need."""

from __future__ import annotations
