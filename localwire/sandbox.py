"""Limits for what users write: recipes (YAML) and templates (Jinja2), in one place.

`load_yaml` is PyYAML's safe loader with a size limit, a depth limit and a limit on aliases and
on the nodes they expand to, so a "billion laughs" recipe is refused at once instead of growing
to gigabytes when something walks it.

`environment()` is Jinja2's `SandboxedEnvironment` (StrictUndefined) with limits on time and
size. Jinja2 has no time limit, and a signal alarm only works on the main thread (the desk
renders in worker threads), so the deadline is checked cooperatively, at every point a
template can spend time or memory:

- every `{% for %}` loop iterates through a guard (the template's syntax tree is rewritten
  at compile time), which checks the clock every 256 items: nested loops stop at the deadline;
- every call, attribute or item lookup and intercepted operator checks it too;
- `*`, `**`, `+`, `~` and `%` refuse to build a string or list over `TEMPLATE_MAX_ITEMS`, and
  `range()` a range over it; str methods and filters that pad (`center`, `ljust`, `indent`,
  `format` widths) refuse widths over it;
- the environment's `concat`, which joins every template's, macro's and block's output,
  counts characters against `TEMPLATE_OUTPUT_CHARS` chunk by chunk, and checks the clock.

The first render entered sets the deadline (contextvars: per thread and task); nested
renders (variants, macros) share it. Recursion and overflow become `template-recursion`, and
every limit error names the template and its line.
"""

from __future__ import annotations

import contextvars
import re
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator
from types import FrameType, TracebackType
from typing import Any

import yaml
from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Macro
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

from localwire.errors import BadRecipe, TemplateRecursion, TemplateTimeout, TemplateTooLarge, TooLarge
from localwire.model import limits

# -- YAML --------------------------------------------------------------------------------------
MAX_YAML_DEPTH = 64


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader counting aliases and depth while composing (nothing is expanded yet)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > limits.MAX_YAML_ALIASES:
                raise _YamlLimit("aliases", f"{self.aliases:,} aliases",
                                 f"{limits.MAX_YAML_ALIASES:,}")
        self.depth += 1
        try:
            if self.depth > MAX_YAML_DEPTH:
                raise _YamlLimit("nesting", f"{self.depth} levels deep", f"{MAX_YAML_DEPTH}")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _YamlLimit(Exception):
    def __init__(self, what: str, size: str, limit: str) -> None:
        super().__init__(what)
        self.what, self.size, self.limit = what, size, limit


class _Recursive(Exception):
    """An alias inside its own anchor: the document would be infinite."""


def _expanded_nodes(root: yaml.Node) -> int:
    """How many nodes the document has once every alias is expanded, without expanding it:
    each node's count is computed once (memoised), so a billion laughs costs microseconds."""
    counts: dict[int, int] = {}
    active: set[int] = set()

    def count(node: yaml.Node) -> int:
        key = id(node)
        if key in counts:
            return counts[key]
        if key in active:
            raise _Recursive()
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(count(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(count(k) + count(v) for k, v in node.value)
        active.discard(key)
        counts[key] = min(total, limits.MAX_YAML_NODES + 1)
        return counts[key]

    return count(root)


def load_yaml(text: str, *, file: str) -> Any:
    """Parse untrusted YAML safely; raises `too-large` over a limit and `bad-recipe` for a
    syntax error (with its line)."""
    if len(text.encode("utf-8", "surrogatepass")) > limits.MAX_RECIPE_BYTES:
        raise TooLarge(file=file, what="the recipe", size=limits.size(len(text.encode())),
                       limit=limits.size(limits.MAX_RECIPE_BYTES))
    loader = None
    try:
        loader = _LimitedLoader(text)
        root = loader.get_single_node()
        if root is None:
            return None
        expanded = _expanded_nodes(root)
        if expanded > limits.MAX_YAML_NODES:
            raise _YamlLimit("the recipe with its aliases expanded",
                             f"more than {limits.MAX_YAML_NODES:,} nodes",
                             f"{limits.MAX_YAML_NODES:,} nodes")
        return loader.construct_document(root)
    except _Recursive:
        raise BadRecipe(file=file, reason="invalid YAML: an alias inside its own anchor makes "
                                          "the recipe infinite") from None
    except _YamlLimit as limit:
        raise TooLarge(file=file, what=limit.what, size=limit.size, limit=limit.limit) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f"line {mark.line + 1}" if mark else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise BadRecipe(file=file, place=place, reason=f"invalid YAML: {problem}") from None
    except (RecursionError, ValueError, OverflowError) as error:  # a malformed value in a tag
        raise BadRecipe(file=file, reason=f"invalid YAML: {type(error).__name__}: "
                                          f"{str(error)[:200]}") from None
    finally:
        if loader is not None:
            loader.dispose()


# -- templates ---------------------------------------------------------------------------------
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)
_CHECK_EVERY = 256
_GUARD_ITER = "lw_guarded_iter"
_GUARD_CONCAT = "lw_guarded_concat"
_WIDTH = re.compile(r"\d{7,}")
_PADDING_METHODS = {"ljust", "rjust", "center", "zfill", "expandtabs"}
# Neither type can be subclassed, so `type(v) in` is `isinstance`, as Jinja asks it.
_METHOD_TYPES = (types.MethodType, types.BuiltinMethodType)


def _where() -> tuple[str | None, str | None]:
    """The template file and line being rendered, from the innermost template frame."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        found = _template_place(frame, frame.f_lineno)
        if found is not None:
            return found
        frame = frame.f_back
    return None, None


def _template_place(frame: FrameType, lineno: int) -> tuple[str | None, str | None] | None:
    template = frame.f_globals.get("__jinja_template__")
    if template is None:
        return None
    name = template.filename or template.name
    if name == "<template>":  # made from a string: the caller knows the file
        name = None
    return name, f"line {template.get_corresponding_lineno(lineno)}"


def _traceback_place(tb: TracebackType | None) -> tuple[str | None, str | None]:
    """The innermost template line in a traceback (Jinja rewrites its frames to the template)."""
    found: tuple[str | None, str | None] = (None, None)
    while tb is not None:
        place = _template_place(tb.tb_frame, tb.tb_lineno)
        if place is not None:
            found = place
        elif tb.tb_frame.f_code.co_filename.endswith((".j2", ".txt", ".md", "<template>")):
            found = (tb.tb_frame.f_code.co_filename, f"line {tb.tb_lineno}")
        tb = tb.tb_next
    return found


def _too_large(what: str, limit: int) -> TemplateTooLarge:
    file, place = _where()
    return TemplateTooLarge(file=file, place=place, what=what, limit=f"{limit:,}")


def _check_clock() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        file, place = _where()
        raise TemplateTimeout(file=file, place=place, seconds=f"{limits.TEMPLATE_SECONDS:g}",
                              hint="a loop or macro runs too long; simplify the template")


def _weight(value: Any) -> int:
    """Roughly how big a value is: a string's length, a list's items and their strings."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple):
        return len(value) + sum(len(item) for item in value if isinstance(item, str | bytes))
    return 1


def _guarded_iter(iterable: Iterable[Any]) -> Iterator[Any]:
    for count, item in enumerate(iterable):
        if count % _CHECK_EVERY == 0:
            _check_clock()
        yield item


class _GuardLoops(NodeTransformer):
    """Every for loop iterates through the guard; every `~` goes through the size check."""

    # The guards are applied as filters: a filter is called directly, where a call goes
    # through the sandbox's checks for a callable the template was given (the guards are ours).
    def visit_For(self, node: nodes.For) -> nodes.Node:
        node = self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _GUARD_ITER, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        node = self.generic_visit(node)
        first, *rest = node.nodes
        return nodes.Filter(first, _GUARD_CONCAT, rest, [], None, None, lineno=node.lineno)


def _guarded_concat(*parts: Any) -> str:
    total = 0
    texts = []
    for part in parts:
        text = str(part)
        total += len(text)
        if total > limits.TEMPLATE_MAX_ITEMS:
            raise _too_large("a string joined with ~", limits.TEMPLATE_MAX_ITEMS)
        texts.append(text)
    return "".join(texts)


def _limited_range(*args: int) -> Iterator[int]:
    numbers = range(*args)
    if len(numbers) > limits.TEMPLATE_MAX_ITEMS:
        raise _too_large(f"range of {len(numbers):,} numbers", limits.TEMPLATE_MAX_ITEMS)
    return _guarded_iter(numbers)


class LimitedSandbox(SandboxedEnvironment):
    """A SandboxedEnvironment under localwire's time and size limits (see the module doc)."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, **options: Any) -> None:
        options.setdefault("undefined", StrictUndefined)
        super().__init__(**options)
        self._safe_attributes: dict[tuple[type, str], bool] = {}
        self._direct_calls: dict[int, Callable[..., Any]] = {}
        self.globals.pop("lipsum", None)  # lipsum(10**6) builds half a gigabyte before any check
        self.globals["range"] = _limited_range
        self.filters.update({_GUARD_ITER: _guarded_iter, _GUARD_CONCAT: _guarded_concat})
        for name in ("center", "indent", "truncate", "wordwrap", "format", "join"):
            self.filters[name] = _checked_filter(self.filters[name], name)

    def call_directly(self, *functions: Callable[..., Any]) -> None:
        """Let the template call these functions of ours (globals such as `pick`) as it calls
        its macros: straight, not through Jinja's checks for a callable a template was given.
        They take no context and are no str method, so those checks decide nothing for them;
        the clock is still checked at every call."""
        for function in functions:
            if getattr(function, "jinja_pass_arg", None) is not None:
                raise ValueError(f"{function!r} takes a context: call it through Jinja")
            self._direct_calls[id(function)] = function

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _GuardLoops().visit(super()._parse(source, name, filename))

    # The output of every template, macro and block is joined here.
    def concat(self, chunks: Iterable[str]) -> str:  # type: ignore[override]
        outermost = _deadline.get() is None
        token = _deadline.set(time.monotonic() + limits.TEMPLATE_SECONDS) if outermost else None
        try:
            return _capped_join(chunks)
        except RecursionError as error:
            if not outermost:
                raise
            file, place = _traceback_place(error.__traceback__)
            raise TemplateRecursion(file=file, place=place, reason=(
                "the template recurses too deeply (a macro calling itself?)")) from None
        except (MemoryError, OverflowError) as error:
            if not outermost:
                raise
            file, place = _traceback_place(error.__traceback__)
            raise TemplateTooLarge(file=file, place=place, what=f"a value ({error})"[:120],
                                   limit=f"{limits.TEMPLATE_MAX_ITEMS:,} items") from None
        finally:
            if token is not None:
                _deadline.reset(token)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_clock()
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(times, int) and isinstance(sequence, str | bytes | list | tuple) \
                        and _weight(sequence) * max(times, 0) > limits.TEMPLATE_MAX_ITEMS:
                    raise _too_large("a string or list built with *", limits.TEMPLATE_MAX_ITEMS)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) \
                and abs(left) > 1 and right * max(abs(left).bit_length(), 1) > 65_536:
            raise _too_large(f"{left} ** {right}", limits.TEMPLATE_MAX_ITEMS)
        elif operator == "+" and isinstance(left, str | list | tuple) \
                and isinstance(right, str | list | tuple) \
                and _weight(left) + _weight(right) > limits.TEMPLATE_MAX_ITEMS:
            raise _too_large("a string or list built with +", limits.TEMPLATE_MAX_ITEMS)
        elif operator == "%" and isinstance(left, str) and _WIDTH.search(left + repr(right)):
            raise _too_large("a %-format width", limits.TEMPLATE_MAX_ITEMS)
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's `SandboxedEnvironment.getattr`, rule for rule (an attribute, else the item;
        str.format wrapped; unsafe attributes undefined), with the clock checked first, in
        fewer calls: a story looks up a few hundred attributes."""
        deadline = _deadline.get()
        if deadline is not None and time.monotonic() > deadline:
            _check_clock()
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        if type(value) in _METHOD_TYPES:  # a str's format or format_map, sandboxed
            wrapped = self.wrap_str_format(value)
            if wrapped is not None:
                return wrapped
        safe = self._safe_attributes.get((type(obj), attribute))
        if safe is None:
            safe = self.is_safe_attribute(obj, attribute, value)
        return value if safe else self.unsafe_undefined(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Jinja's rule depends on the object's type and the attribute's name only (never on
        # `value`), and a story asks it a few hundred times: decided once per pair.
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            safe = self._safe_attributes[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def getitem(self, obj: Any, argument: Any) -> Any:
        _check_clock()
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        deadline = _deadline.get()
        if deadline is not None and time.monotonic() > deadline:
            _check_clock()
        direct = type(__obj) is Macro  # most calls: a macro takes no context, is no str method
        if direct and not __self.is_safe_callable(__obj):
            raise SecurityError(f"{__obj!r} is not safely callable")
        if direct or __self._direct_calls.get(id(__obj)) is __obj:
            kwargs.pop("_block_vars", None)  # a macro takes no context: as Jinja's Context.call
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __context.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        else:
            name = getattr(__obj, "__name__", "")
            owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
            if isinstance(owner, str) and (name in _PADDING_METHODS
                                           or name in ("format", "format_map")):
                _refuse_wide(name, owner, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _refuse_wide(name: str, text: str, args: tuple, kwargs: dict) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) \
                and value > limits.TEMPLATE_MAX_ITEMS:
            raise _too_large(f"a width of {value:,} in {name}()", limits.TEMPLATE_MAX_ITEMS)
    if name in ("format", "format_map") and _WIDTH.search(text):
        raise _too_large(f"a format width in {name}()", limits.TEMPLATE_MAX_ITEMS)


def _checked_filter(original: Callable[..., Any], name: str) -> Callable[..., Any]:
    def checked(*args: Any, **kwargs: Any) -> Any:
        _check_clock()
        for value in (*args[1:], *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) \
                    and value > limits.TEMPLATE_MAX_ITEMS:
                raise _too_large(f"a width of {value:,} in |{name}", limits.TEMPLATE_MAX_ITEMS)
            if name == "format" and isinstance(args[0] if args else None, str) \
                    and _WIDTH.search(args[0]):
                raise _too_large("a format width in |format", limits.TEMPLATE_MAX_ITEMS)
        result = original(*args, **kwargs)
        if name == "join" and isinstance(result, str) and len(result) > limits.TEMPLATE_OUTPUT_CHARS:
            raise _too_large("a string built with |join", limits.TEMPLATE_OUTPUT_CHARS)
        return result

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(original, attribute):
            setattr(checked, attribute, getattr(original, attribute))
    return checked


def _capped_join(chunks: Iterable[str]) -> str:
    """The chunks joined, refused as soon as they pass the size limit; the clock is checked
    at the first chunk and every `_CHECK_EVERY` after it."""
    cap = limits.TEMPLATE_OUTPUT_CHARS
    total = 0
    texts: list[str] = []
    append = texts.append
    due = 0
    for chunk in chunks:
        total += len(chunk)
        if total > cap:
            frame = getattr(chunks, "gi_frame", None)
            file, place = (_template_place(frame, frame.f_lineno) or (None, None)) if frame \
                else (None, None)
            raise TemplateTooLarge(file=file, place=place, what="the rendered text",
                                   limit=f"{cap:,} characters")
        if not due:
            _check_clock()
            due = _CHECK_EVERY
        due -= 1
        append(chunk)
    return "".join(texts)


def environment(**options: Any) -> LimitedSandbox:
    """The one sandboxed Jinja2 environment for user templates (StrictUndefined by default)."""
    return LimitedSandbox(**options)


def render(template: Any, context: dict[str, Any] | None = None, /, **extra: Any) -> str:
    """Render a template of a `LimitedSandbox` within the limits: `template.render` does the
    same; this is the name the callers use, so a reader sees where the limits apply."""
    return template.render({**(context or {}), **extra})


__all__ = ["LimitedSandbox", "environment", "load_yaml", "render"]
