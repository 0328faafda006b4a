"""Calling plugin hooks: pluggy runs them, and one plugin's failure stays its own.

Each site keeps a pluggy manager in ``app.extensions["warta.hooks"]``. Plugins are
registered with it through :func:`register`, which hands pluggy the plugin's hook
implementations each behind a *guard*; pluggy then does all the calling itself: its
order (``tryfirst`` first, ``trylast`` last, otherwise the plugin started last first),
stopping at the first answer of a ``firstresult`` hook, and running ``wrapper=True``
implementations around the others. :func:`call_hook`, :func:`apply_filter` and the
plugin manager's own calls all go through one path, :func:`call`.

A failing implementation of a non-critical hook is logged and skipped, so a broken plugin
never breaks a page; under DEBUG or TESTING it is raised so that it gets fixed. Critical
calls let exceptions through: use them where a plugin's ``ValueError`` is an answer (a
refused save), not an accident. A wrapper cannot be skipped on its own, since the others
run inside it: when one fails, the call answers as if no plugin had (no answers, or the
filter's value unchanged).

Warta refuses at start-up what it does not run: pluggy's old-style ``hookwrapper=True``
implementations and ``historic=True`` specifications (see :class:`HookError`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Collection
from contextvars import ContextVar
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pluggy
from flask import Flask, current_app

from cms import hookspecs

logger = logging.getLogger(__name__)

#: Where an application keeps its pluggy manager.
EXTENSION_KEY = "warta.hooks"


class HookError(Exception):
    """A plugin asks pluggy for something Warta does not run; the message says what instead."""


@dataclass(slots=True)
class _Call:
    """The hook call in progress, as every guard pluggy runs during it sees it.

    For a filter, the call object itself stands in for the value in pluggy's arguments:
    each guard hands its implementation the current :attr:`value` and keeps the result.
    """

    hook: str
    critical: bool = False
    failed: Callable[[str, Exception], None] | None = None
    filtering: bool = False
    value: Any = None


_current: ContextVar[_Call | None] = ContextVar("warta_hook_call", default=None)


def init_app(app: Flask) -> pluggy.PluginManager:
    """Give ``app`` its pluggy manager, knowing the core hooks (:mod:`cms.hookspecs`)."""
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    app.extensions[EXTENSION_KEY] = manager
    return manager


def registry(app: Flask) -> pluggy.PluginManager:
    """The pluggy manager of ``app``."""
    return app.extensions[EXTENSION_KEY]


def add_specs(app: Flask, module: ModuleType) -> None:
    """Offer the hooks ``module`` declares; refuse those Warta could not call."""
    manager = registry(app)
    for name in dir(module):
        opts = manager.parse_hookspec_opts(module, name)
        if opts and opts.get("historic"):
            raise HookError(
                f"hook {name!r} is declared historic=True, which Warta does not run "
                "(call_hook cannot replay earlier calls to late plugins); drop historic=True "
                "and call the hook from warta_app_ready, when every plugin has started")
    manager.add_hookspecs(module)


def register(app: Flask, plugin: object, name: str) -> None:
    """Let ``plugin``'s ``@hookimpl`` methods answer ``app``'s hooks, as plugin ``name``.

    Pluggy holds a stand-in whose methods are the plugin's behind guards; unregister with
    :func:`unregister` and the same name. Register here (or, in tests, with
    :func:`cms.testing.register_temporarily`), not on the pluggy manager itself: what is
    registered there runs unguarded, and a filter would hand it Warta's stand-in for the
    value.
    """
    manager = registry(app)
    implementations: dict[str, Any] = {}
    for attribute in dir(plugin):
        opts = manager.parse_hookimpl_opts(plugin, attribute)
        if opts is None:
            continue
        if opts.get("hookwrapper"):
            raise HookError(
                f"{name}.{attribute} is marked hookwrapper=True, pluggy's old-style wrapper, "
                "which Warta does not run; mark it @hookimpl(wrapper=True) and return the "
                "result instead of calling outcome.force_result()")
        function = getattr(plugin, attribute)
        implementations[attribute] = function if opts.get("wrapper") else _guard(
            app, name, opts.get("specname") or attribute, function)
    manager.register(_Implementations(implementations), name=name)


class _Implementations:
    """One plugin's hook implementations as pluggy registers them: attributes named after
    the hooks. Hashed by identity, as pluggy's ``subset_hook_caller`` needs."""

    def __init__(self, functions: dict[str, Callable[..., Any]]) -> None:
        self.__dict__.update(functions)


def unregister(app: Flask, name: str) -> None:
    """Take plugin ``name``'s implementations out of ``app``'s hooks."""
    registry(app).unregister(name=name)


def _guard(app: Flask, plugin: str, hook: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` as pluggy should call it: failing alone, and chaining a filter's value.

    ``functools.wraps`` keeps the signature and the ``@hookimpl`` options, which is what
    pluggy reads to pass arguments and order the implementation.
    """

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        call = _current.get()
        if call is not None and call.hook != hook:
            call = None  # a direct pluggy call made while another hook runs
        if call is not None and call.filtering:
            args = tuple(call.value if arg is call else arg for arg in args)
            kwargs = {key: call.value if arg is call else arg for key, arg in kwargs.items()}
        try:
            result = function(*args, **kwargs)
        except Exception as exc:
            if call is not None and call.critical:
                raise
            if call is not None and call.failed is not None:
                call.failed(plugin, exc)
            else:
                report_or_raise("hook %s failed in plugin %s", hook, plugin, app=app)
            return None
        if call is not None and call.filtering:
            call.value = result
            return None
        return result

    return guarded


def call(app: Flask, name: str, /, *, critical: bool = False,
         failed: Callable[[str, Exception], None] | None = None,
         skip_plugins: Collection[str] = (), **kwargs: Any) -> list[Any]:
    """Call hook ``name`` of ``app`` through pluggy; return the implementations' answers.

    The answers are those that are not None, in pluggy's order; for a ``firstresult`` hook
    at most one, and later implementations are not called. ``failed(plugin, exception)``,
    when given, is told of each failing implementation instead of the log. The plugins
    named in ``skip_plugins`` are not called (pluggy's ``subset_hook_caller``).
    """
    manager = registry(app)
    caller = getattr(manager.hook, name)
    if skip_plugins:
        caller = manager.subset_hook_caller(name, [
            plugin for plugin in map(manager.get_plugin, skip_plugins) if plugin is not None])
    answers = _run(app, caller, kwargs, _Call(name, critical=critical, failed=failed))
    if caller.spec is not None and caller.spec.opts.get("firstresult"):
        return [] if answers is None else [answers]
    return answers or []


def call_hook(name: str, /, *, critical: bool = False, skip_plugins: Collection[str] = (),
              **kwargs: Any) -> list[Any]:
    """Call hook ``name`` of the current site; return the answers that are not None.

    Answers come in pluggy's order (``tryfirst`` first, ``trylast`` last, otherwise the
    plugin started last first); a ``firstresult`` hook gives at most one. With
    ``critical=True`` a failing implementation's exception reaches the caller; otherwise it
    is logged and that implementation skipped (raised under DEBUG or TESTING).
    Implementations may take fewer arguments than the specification, as in pluggy.
    ``skip_plugins`` names plugins not to call: those that answered a bulk form of the
    hook already (see :func:`hook_implementers`).
    """
    return call(current_app._get_current_object(), name, critical=critical,
                skip_plugins=skip_plugins, **kwargs)


def hook_implementers(name: str, /) -> list[str]:
    """The names of the current site's plugins that implement hook ``name``.

    For a caller that offers a bulk form of a per-item hook: it calls the bulk hook once,
    then the per-item hook with these plugins in ``skip_plugins``, so a plugin that
    implements both is asked once, and one that knows only the per-item hook still is.
    """
    caller = getattr(registry(current_app._get_current_object()).hook, name)
    return [implementation.plugin_name for implementation in caller.get_hookimpls()]


def apply_filter(name: str, value: Any, /, **kwargs: Any) -> Any:
    """Run the *filter* hook ``name``: each implementation gets the previous one's result.

    ``value`` goes in as the specification's first argument, to the first implementation
    in pluggy's order; the last result comes out. A failing implementation is skipped
    (its input passes on), as for any non-critical hook.
    """
    app = current_app._get_current_object()
    caller = getattr(registry(app).hook, name)
    chain = _Call(name, filtering=True, value=value)
    _run(app, caller, {**kwargs, caller.spec.argnames[0]: chain}, chain)
    return chain.value


def _run(app: Flask, caller: pluggy.HookCaller, kwargs: dict[str, Any], call: _Call) -> Any:
    token = _current.set(call)
    try:
        return caller(**kwargs)
    except Exception:
        if call.critical:
            raise
        report_or_raise("hook %s failed in a wrapper around its implementations", call.hook,
                        app=app)
        return None
    finally:
        _current.reset(token)


def report_or_raise(message: str, *args: Any, app: Flask | None = None) -> None:
    """Inside an ``except`` block: re-raise under DEBUG/TESTING, else log and carry on."""
    site = app or current_app
    if site.debug or site.testing:
        raise  # noqa: PLE0704 - re-raises the exception being handled by the caller
    logger.exception(message, *args)
