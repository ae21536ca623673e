"""Who may read analysis results through the API: the read rules of :mod:`veiligheidsbeeld.accounts.permissions`.

Runs, trends and hot spots hold rates, test statistics and p-values: every role may read them for its own
gemeenten (``accounts.view_gemeente``). Alerts hold the observed count of a buurt in one month, often below the
disclosure threshold, in their figures and their explanation: they need ``accounts.view_small_counts`` (analist,
procesregisseur). The dashboard shows alerts to the other roles with disclosure-controlled figures only; the API has
no such variant, so it refuses them (docs/explanation/alerts-visibility.md). An API token narrows the gemeenten
further to its own (``gemeenten_for``).
"""

from __future__ import annotations

from rest_framework import permissions

from veiligheidsbeeld.accounts.services import gemeenten_for

__all__ = ["HasReadRule", "readable_gemeenten"]


def readable_gemeenten(user, rule: str) -> list:
    """The gemeenten of ``user`` for which the permission ``rule`` (e.g. ``accounts.view_gemeente``) holds."""
    return [gemeente for gemeente in gemeenten_for(user) if user.has_perm(rule, gemeente)]


class HasReadRule(permissions.BasePermission):
    """Allows a request when the view's ``read_rule`` holds for at least one of the user's gemeenten."""

    message = "Your role may not read these results for any of your gemeenten."

    def has_permission(self, request, view) -> bool:
        return bool(readable_gemeenten(request.user, view.read_rule))
