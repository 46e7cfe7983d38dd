"""How a FactBook keeps what it has read: prepared families shared by every book of one store
and dataset until the store's next commit, each question answered once per book, and the
observations read so far looked up by id (`Refs.by_id_of`)."""

from __future__ import annotations

import functools
import inspect
import weakref
from collections.abc import Callable
from typing import Any

from localwire.facts.families.base import MISSING, Refs
from localwire.store import Store

_BY_STORE: weakref.WeakKeyDictionary[Store, tuple[int, dict[str, tuple[dict, Refs]]]] = (
    weakref.WeakKeyDictionary())


def shared_families(store: Store, dataset: str, fresh: tuple[dict, Refs]) -> tuple[dict, Refs]:
    """The prepared families of a store's dataset, kept until the store's next commit."""
    known = _BY_STORE.get(store)
    if known is None or known[0] != store.generation:
        known = _BY_STORE[store] = (store.generation, {})
    return known[1].setdefault(dataset, fresh)


def memoised(method: Callable) -> Callable:
    """Answer each (area, period, measure, breakdown, ...) question once per FactBook."""
    name = method.__name__
    signature = inspect.signature(method)
    defaults = tuple(p.default for p in list(signature.parameters.values())[1:])

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs:  # one key per question, however the arguments were passed
            bound = signature.bind(self, *args, **kwargs)
            bound.apply_defaults()
            args, kwargs = bound.args[1:], bound.kwargs
        elif len(args) < len(defaults):
            args += defaults[len(args):]
        key = (name, *args, *sorted(kwargs.items()))
        found = self._memo.get(key, MISSING)
        if found is MISSING:
            found = self._memo[key] = method(self, *args, **kwargs)
        return found
    return wrapper
