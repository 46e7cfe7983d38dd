"""Queries of stories under review, their revisions, the audit log and the desk's users."""

from __future__ import annotations
