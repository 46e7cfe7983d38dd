"""`localwire serve`: the editor's desk in a browser, on this machine only unless told."""

from __future__ import annotations

from typing import Annotated

import typer

from localwire.cli.app import DEFAULT_DB_PATH, DbOption, app, console

LOOPBACK = "127.0.0.1"


@app.command("serve")
def serve_command(
    db: DbOption = DEFAULT_DB_PATH,
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535,
                                      help="Port to listen on.")] = 8000,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on; anything but 127.0.0.1 exposes the desk to "
                       "your network.")] = LOOPBACK,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="Another Host name the desk answers to (repeatable); "
                               "localhost names always are.")] = None,
) -> None:
    """Start the editor's desk: browse datasets, read, check, review and export stories.

    Listens on 127.0.0.1 (this machine only) unless --host is given, and answers only to
    localhost names and those given with --allowed-host (a guard against DNS rebinding).
    Create accounts first with `localwire users add NAME`.

    Example: localwire serve --db localwire.duckdb --port 8000
    """
    import uvicorn

    from localwire.web import create_app

    hosts = list(allowed_host or [])
    if host not in (LOOPBACK, "0.0.0.0", "::") and host not in hosts:
        hosts.append(host)
    web_app = create_app(db, allowed_hosts=hosts)
    if host != LOOPBACK:
        console.print(f"[bold yellow]warning:[/] listening on {host}: anyone who can reach this "
                      "address can use the desk", highlight=False)
    console.print(f"localwire editor's desk on http://{host}:{port}/ (store: {db})",
                  highlight=False)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")
