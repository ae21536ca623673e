"""The registry through which a domain module (cases, public order, undermining, cyber ...) plugs into the platform.

A domain module is its own Django app. It does not edit other apps' views or templates; in its
``AppConfig.ready()`` it calls :func:`register` once with a :class:`DomainModule` that says what it adds:

``nav``
    Entries in the main navigation, each shown only to users holding its permission.
``todos``
    ``todos(user) -> iterable of Todo``: the user's open duties with a deadline (running legal clocks, reviews,
    evaluations). The start page lists them, soonest first.
``inzage``
    ``inzage(bsn, user) -> dict``: the module's part of a data-subject access export (AVG art. 15, the WGS
    contactpunt). The keys are the module's own; reading person data there must be audited by the module.
``demo``
    ``demo(gemeente, accounts) -> dict``: fictitious records for the demo gemeente; ``accounts`` maps a role to the
    demo user of that role. The returned dict (counts, names) is printed in the demo summary under the module name.
``retention``
    Retention categories of the module: :class:`RetentionCategory` with a default period in days and a handler
    ``handler(cutoff, dry_run) -> count``. ``veiligheidsbeeld retention run`` applies them with the core categories;
    ``settings.RETENTION_DAYS`` may override the period by category name.
``processing_activities``
    The module's entries of the register of processing activities (AVG art. 30), as dicts with the fields of
    :class:`veiligheidsbeeld.core.processing_register.Activity`; ``retention`` lists category names.
``indicators``
    ``indicators(gemeente, year, policy) -> list of Indicator`` (:mod:`veiligheidsbeeld.core.module_indicators`):
    the module's figures of a calendar year for the veiligheidsbeeld (priority page, report chapter, open data),
    already disclosure-controlled under ``policy`` (None: the viewer may see small counts).

Registration order is the navigation order (apps register in ``INSTALLED_APPS`` order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse

__all__ = [
    "DomainModule",
    "NavItem",
    "RetentionCategory",
    "Todo",
    "demo_builders",
    "inzage",
    "nav_items",
    "register",
    "registered",
    "retention_categories",
    "todos_for",
]


@dataclass(frozen=True)
class NavItem:
    """A main-navigation entry: the label (lazy translated), the URL name, and the permission that shows it."""

    label: str
    url_name: str
    permission: str
    app_name: str = ""

    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Todo:
    """An open duty of a user: what, until when, where to do it, and from which module."""

    title: str
    due: dt.datetime | dt.date | None
    url: str
    module: str
    overdue: bool = False

    @property
    def has_time(self) -> bool:
        """True when ``due`` is a moment (shown with its time), False for a date or no deadline."""
        return isinstance(self.due, dt.datetime)


@dataclass(frozen=True)
class RetentionCategory:
    name: str
    action: str
    default_days: int
    handler: Callable[[dt.datetime, bool], int]
    label: str = ""  # in words, for the processing register (lazy translated)


@dataclass(frozen=True)
class DomainModule:
    name: str
    nav: tuple[NavItem, ...] = ()
    todos: Callable[..., Iterable[Todo]] | None = None
    inzage: Callable[..., dict] | None = None
    demo: Callable[..., dict] | None = None
    retention: tuple[RetentionCategory, ...] = field(default_factory=tuple)
    processing_activities: tuple[dict, ...] = field(default_factory=tuple)
    indicators: Callable[..., list] | None = None


_MODULES: dict[str, DomainModule] = {}


def register(module: DomainModule) -> None:
    """Register (or re-register, e.g. on autoreload) a domain module under its name."""
    _MODULES[module.name] = module


def registered() -> list[DomainModule]:
    return list(_MODULES.values())


def nav_items(user) -> list[NavItem]:
    """The navigation entries ``user`` may see."""
    return [item for module in _MODULES.values() for item in module.nav if user.has_perm(item.permission)]


def _due_key(todo: Todo):
    due = todo.due
    if due is None:
        return (1, dt.datetime.max.replace(tzinfo=dt.timezone.utc))
    if not isinstance(due, dt.datetime):
        due = dt.datetime.combine(due, dt.time.max, tzinfo=dt.timezone.utc)
    return (0, due)


def todos_for(user) -> list[Todo]:
    """Every module's open duties of ``user``, soonest deadline first (undated last)."""
    todos = [todo for module in _MODULES.values() if module.todos for todo in module.todos(user)]
    return sorted(todos, key=_due_key)


def inzage(bsn: str, user) -> dict[str, dict]:
    """Each module's part of a data-subject export, keyed by module name."""
    return {module.name: module.inzage(bsn, user) for module in _MODULES.values() if module.inzage}


def demo_builders() -> list[tuple[str, Callable[..., dict]]]:
    return [(module.name, module.demo) for module in _MODULES.values() if module.demo]


def retention_categories() -> list[RetentionCategory]:
    return [category for module in _MODULES.values() for category in module.retention]
