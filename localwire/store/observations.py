"""Queries of observations: staging, validation and writing an import, versions, and the reads the desk's tables need."""

from __future__ import annotations
