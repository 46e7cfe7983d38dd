"""One store file shared by the desk's request threads and, between them, the CLI.

DuckDB lets one process at a time open a file for writing, and one connection must not be used
by two threads at once. The gate answers both:

- Inside the desk, every thread works on its own cursor of one open database (DuckDB's
  connections are independent and transactional), so readers never wait for each other and a
  request holds nothing but its own cursor. Conflicting writes are refused by DuckDB and by the
  stories' version numbers, never silently merged.
- Between processes, the desk gives the file up when another localwire command asks for it:
  that command, finding the file locked, leaves a `<store>.wait` marker and retries
  (`localwire.store.open_with_retry`). The gate sees the marker before the next unit of work,
  lets the work under way finish, closes the database and waits for the marker to go and the
  file to be free; then it reopens and bumps `generation`, so every cached view is rebuilt
  from what the command wrote. A command therefore waits at most for the longest unit of work
  under way (well under a second), and the desk for as long as the command runs.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from localwire.errors import StoreError
from localwire.store import Store, wait_marker

YIELD_TIMEOUT = 120.0   # the longest the desk waits for a command before answering "busy"
POLL = 0.05
WATCH_EVERY = 0.25     # how often an idle desk looks for a waiting command


class StoreBusy(StoreError):
    """The desk (or another command) held the store for longer than the wait allows; try
    again when it is idle."""
    code = "store-busy"


class CursorStore(Store):
    """A Store over one cursor of an open database: the same rows, its own connection."""

    def __init__(self, main: Store, gate: Gate) -> None:  # no migration: main did it
        self.path = main.path
        self.db = main.db.cursor()
        self.generation = gate.generation
        self.gate = gate

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with super().transaction() as db:
            yield db
        self.gate.committed()


class Gate:
    """The desk's access to one store file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._main: Store | None = Store(self.path)
        self._local = threading.local()
        self._cursors: list[CursorStore] = []
        self._condition = threading.Condition()
        self._active = 0
        self._closing = False
        self.generation = 1   # +1 at every commit, here or (after a reopen) by another process
        self.epoch = 1        # +1 at every reopen: cursors of an older epoch are dead
        self._stop = threading.Event()
        # An idle desk must notice a waiting command too, not only at its next request.
        self._watcher = threading.Thread(target=self._watch, name="localwire-gate",
                                         daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_EVERY):
            if wait_marker(self.path).exists():
                with self._condition:
                    if not self._closing and self._main is not None:
                        self._yield_to_command()

    # -- units of work -------------------------------------------------------------------------
    @contextmanager
    def use(self) -> Iterator[Store]:
        """This thread's store for one unit of work (keep it short: no rendering inside)."""
        self._enter()
        try:
            yield self._cursor()
        finally:
            with self._condition:
                self._active -= 1
                self._condition.notify_all()

    def private(self) -> Store:
        """A cursor of its own (for views kept across requests); its generation stays put."""
        with self._condition:
            if self._main is None:
                raise StoreBusy("the store is in use by another localwire command")
            cursor = CursorStore(self._main, self)
            self._cursors.append(cursor)
        return cursor

    def committed(self) -> None:
        """Tell the gate this process changed data (views derived from it must refresh)."""
        with self._condition:
            self.generation += 1

    def _enter(self) -> None:
        with self._condition:
            if wait_marker(self.path).exists() and not self._closing:
                self._yield_to_command()
            while self._closing:
                self._condition.wait(POLL)
            if self._main is None:
                raise StoreBusy("the store is in use by another localwire command",
                                hint="try again when it has finished")
            self._active += 1

    def _cursor(self) -> Store:
        known = getattr(self._local, "cursor", None)
        if known is None or getattr(self._local, "epoch", None) != self.epoch:
            known = self._local.cursor = CursorStore(self._main, self)
            self._local.epoch = self.epoch
            with self._condition:
                self._cursors.append(known)
        known.generation = self.generation
        return known

    # -- giving the file to another process ------------------------------------------------------
    def _yield_to_command(self) -> None:
        """Close everything, wait for the command, reopen (called with the condition held)."""
        self._closing = True
        try:
            while self._active:
                self._condition.wait(POLL)
            self._close_all()
            deadline = time.monotonic() + YIELD_TIMEOUT
            while time.monotonic() < deadline:
                if not wait_marker(self.path).exists():
                    try:
                        self._main = Store(self.path, wait=0)
                        break
                    except StoreError:
                        pass
                self._condition.wait(POLL * 4)
            self.generation += 1
            self.epoch += 1
        finally:
            self._closing = False
            self._condition.notify_all()

    def _close_all(self) -> None:
        for cursor in self._cursors:
            with contextlib.suppress(Exception):  # closed already
                cursor.db.close()
        self._cursors.clear()
        if self._main is not None:
            self._main.close()
            self._main = None

    def close(self) -> None:
        self._stop.set()
        with self._condition:
            while self._active:
                self._condition.wait(POLL)
            self._close_all()
