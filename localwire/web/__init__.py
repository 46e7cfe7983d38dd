"""The editor's desk: a local web app to browse datasets, read, check, review and export stories.

    from localwire.web import create_app
    app = create_app("localwire.duckdb")      # then: uvicorn, or `localwire serve`

All templates autoescape; stories' HTML comes from localwire.write.formats, which escapes every
piece of text itself. Forms are CSRF-protected (see security.py). One lock serialises use of the
DuckDB connection, which is not safe to share between threads.
"""

from localwire.web.app import create_app

__all__ = ["create_app"]
