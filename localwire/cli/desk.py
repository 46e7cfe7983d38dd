"""`localwire users ...`, `localwire generate` and `localwire export`: the desk's work from the
command line, through the same `localwire.desk` code the web desk calls."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from localwire.areas import gazetteer_of
from localwire.cli.app import (
    DEFAULT_DB_PATH,
    DbOption,
    app,
    console,
    existing_store,
    fail,
    progress_bar,
)
from localwire.desk import accounts
from localwire.desk.generate import generate
from localwire.prose.style import counted
from localwire.store import Store
from localwire.write.pack import Pack

users_app = typer.Typer(name="users", no_args_is_help=True,
                        help="Accounts of the editor's desk (every action is signed).")
app.add_typer(users_app, name="users")

NameArgument = Annotated[str, typer.Argument(help="User name: lower-case letters, digits, . _ -")]
PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from standard input (for scripts).")]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = typer.prompt("Password", hide_input=True)
    again = typer.prompt("Repeat the password", hide_input=True)
    if password != again:
        fail("the passwords do not match")
    return password


@users_app.command("add")
def users_add(name: NameArgument, db: DbOption = DEFAULT_DB_PATH,
              password_stdin: PasswordStdin = False) -> None:
    """Create an account; asks for its password (at least 10 characters).

    Example: localwire users add sam --db localwire.duckdb
    """
    password = _password(password_stdin)
    with Store(db) as store:
        accounts.add_user(store, name, password)
    console.print(f"user {name} can now sign in to the desk", highlight=False)


@users_app.command("passwd")
def users_passwd(name: NameArgument, db: DbOption = DEFAULT_DB_PATH,
                 password_stdin: PasswordStdin = False) -> None:
    """Set a new password for an account.

    Example: localwire users passwd sam
    """
    password = _password(password_stdin)
    with Store(db) as store:
        accounts.set_password(store, name, password)
    console.print(f"password of {name} changed", highlight=False)


@users_app.command("list")
def users_list(db: DbOption = DEFAULT_DB_PATH) -> None:
    """List the accounts.

    Example: localwire users list
    """
    with Store(db) as store:
        found = accounts.users(store)
    table = Table("name", "created", "disabled")
    for user in found:
        table.add_row(user["name"], f"{user['created_at']:%Y-%m-%d %H:%M}",
                      "yes" if user["disabled"] else "")
    console.print(table)


@app.command("generate")
def generate_command(
    pack: Annotated[str, typer.Argument(help="A bundled pack name or a pack folder.")],
    area: Annotated[list[str] | None, typer.Option(
        "--area", "-a", help="Only these areas (names, aliases or codes); repeatable.")] = None,
    as_user: Annotated[str, typer.Option("--as", help="Who asked (for the audit log).")] =
        "localwire",
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Write a pack's stories onto the desk for review (after new data, say).

    New stories are stored; a story nobody has touched takes the new text; a story that was
    edited, flagged or approved gets a pending revision an editor accepts or rejects.

    Example: localwire generate nspcc-child-sex-offences --area Herts
    """
    with Store(existing_store(db)) as store:
        chosen = [gazetteer_of(store).resolve(name) for name in area] if area else None
        with progress_bar() as progress:
            task = progress.add_task("generating", total=None)
            result = generate(store, Pack.load(pack), chosen, actor=as_user,
                              reason=f"localwire generate by {as_user}",
                              on_area=lambda name, done, total: progress.update(
                                  task, total=total, completed=done, description=name))
    console.print(f"{pack}: {result.summary}", highlight=False)
    for slug, why in sorted(result.missing.items()):
        console.print(f"  no story for {slug}: {why}", highlight=False)


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="The zip to write.")] = Path(
        "localwire-export.zip"),
    outlet: Annotated[str | None, typer.Option("--outlet", help="Only this outlet.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Export approved stories, re-verified against today's data, as a zip for a CMS.

    Stories whose figures were corrected since approval go back to review and are left out;
    stories under embargo are left out until their time.

    Example: localwire export --out herts.zip --outlet "Herts Advertiser"
    """
    from localwire.desk.export import export_zip, save_zip  # Altair: only this command needs it

    with Store(existing_store(db)) as store:
        result = export_zip(store, outlet)
    save_zip(out, result.payload)
    if as_json:
        console.print_json(json.dumps(result.manifest))
        return
    console.print(f"{counted(len(result.manifest['stories']), 'story')} exported to {out}",
                  highlight=False)
    for held in result.held:
        console.print(f"  sent back to review: story {held['id']} ({held['outlet']}, "
                      f"{held['area']}): {'; '.join(held['problems'])}", highlight=False)
    for embargoed in result.embargoed:
        console.print(f"  under embargo until {embargoed['until']}: story {embargoed['id']}",
                      highlight=False)
