"""Writes of the public app: turning a gemeente's public veiligheidsbeeld on or off (audited)."""

from __future__ import annotations

from django.db import transaction

from veiligheidsbeeld.core import audit

from .models import PublicSite

__all__ = ["enabled_gemeenten", "is_public", "set_public"]


def set_public(gemeente, enabled: bool, *, actor=None) -> PublicSite:
    """Turn the public pages of ``gemeente`` on or off; audited as ``public_site_changed``."""
    with transaction.atomic():
        site, _created = PublicSite.objects.select_for_update().get_or_create(gemeente=gemeente)
        before = site.enabled
        site.enabled = bool(enabled)
        site.save()
        audit.record("public_site_changed", actor=actor, gemeente=gemeente, obj=site,
                     changes={"enabled": [before, site.enabled]} if before != site.enabled else {})
    return site


def is_public(gemeente) -> bool:
    return PublicSite.objects.filter(gemeente=gemeente, enabled=True).exists()


def enabled_gemeenten():
    """The gemeenten that publish their veiligheidsbeeld, by name."""
    from veiligheidsbeeld.core.models import Gemeente

    return Gemeente.objects.filter(public_site__enabled=True).order_by("name")
