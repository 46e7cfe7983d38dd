"""Queries of FOI campaigns, requests, their dated events and replies."""

from __future__ import annotations
