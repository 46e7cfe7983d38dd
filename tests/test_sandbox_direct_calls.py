"""The sandbox's direct calls (`LimitedSandbox.call_directly`, used for the writer's `pick` and
`constant`): called straight, as macros are, with the clock still checked at every call."""

import pytest
from jinja2 import pass_context

from localwire import sandbox
from localwire.errors import TemplateTimeout
from localwire.model import limits


def test_a_direct_function_gets_its_arguments_as_through_jinja():
    calls = []

    def pick(key, options=2):
        calls.append((key, options))
        return len(calls)

    env = sandbox.environment()
    env.globals["pick"] = pick
    env.call_directly(pick)
    text = sandbox.render(env.from_string("{{ pick('a') }} {{ pick('b', options=3) }}"))
    assert text == "1 2"
    assert calls == [("a", 2), ("b", 3)]


def test_the_clock_is_checked_before_a_direct_call(monkeypatch):
    called = []
    env = sandbox.environment()
    env.globals["pick"] = lambda: called.append(1) or "x"
    env.call_directly(env.globals["pick"])
    monkeypatch.setattr(limits, "TEMPLATE_SECONDS", -1.0)  # the deadline has passed at once
    with pytest.raises(TemplateTimeout):
        sandbox.render(env.from_string("{{ pick() }}"))
    assert called == []


def test_only_the_registered_object_is_called_directly():
    env = sandbox.environment()
    env.call_directly(len)
    env.globals["fmt"] = "{0:>99999999}".format  # a str method: still refused by its check
    with pytest.raises(Exception, match="width"):
        sandbox.render(env.from_string("{{ fmt('x') }}"))


def test_a_function_that_takes_the_context_cannot_be_called_directly():
    @pass_context
    def variant(context, key):
        return key

    with pytest.raises(ValueError, match="context"):
        sandbox.environment().call_directly(variant)
