"""Calling plugin hooks at request time without letting one plugin break a page.

Non-critical hooks log a failing implementation and go on (they raise under DEBUG or
TESTING so the failure gets fixed). Critical hooks let exceptions through: use them where
a plugin's ``ValueError`` is an answer (a refused save), not an accident.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app

logger = logging.getLogger(__name__)


def report_or_raise(message: str, *args: Any) -> None:
    """Inside an ``except`` block: re-raise under DEBUG/TESTING, else log and carry on."""
    if current_app.debug or current_app.testing:
        raise  # noqa: PLE0704 - re-raises the exception being handled by the caller
    logger.exception(message, *args)


def _hook_caller(name: str):
    from cms.pluginmanager import get_manager

    return getattr(get_manager().hooks.hook, name)


def call_hook(name: str, *, critical: bool = False, **kwargs: Any) -> list[Any]:
    """Call every implementation of ``name`` in pluggy's order; return the non-None results.

    Implementations may take fewer arguments than the specification, as in pluggy.
    """
    results = []
    for impl in reversed(_hook_caller(name).get_hookimpls()):
        arguments = [kwargs[arg] for arg in impl.argnames]
        if critical:
            result = impl.function(*arguments)
        else:
            try:
                result = impl.function(*arguments)
            except Exception:
                report_or_raise("hook %s failed in plugin %s", name, impl.plugin_name)
                continue
        if result is not None:
            results.append(result)
    return results


def apply_filter(name: str, value: Any, **kwargs: Any) -> Any:
    """Run the *filter* hook ``name``: each implementation transforms the previous value."""
    caller = _hook_caller(name)
    first = caller.spec.argnames[0]
    for impl in reversed(caller.get_hookimpls()):
        arguments = {**kwargs, first: value}
        try:
            value = impl.function(*[arguments[arg] for arg in impl.argnames])
        except Exception:
            report_or_raise("filter %s failed in plugin %s", name, impl.plugin_name)
    return value
