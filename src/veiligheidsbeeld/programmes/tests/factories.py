"""Test data for the programme: a framework, a programme, organisations and users per role."""

from __future__ import annotations

import datetime as dt

from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.core.models import Organisation
from veiligheidsbeeld.frameworks.services import load_framework
from veiligheidsbeeld.programmes import services

__all__ = ["framework_for", "measure", "organisation", "programme_for", "user"]


def framework_for(gemeente):
    return load_framework(gemeente=gemeente)[0]


def programme_for(gemeente):
    framework = framework_for(gemeente)
    return services.get_or_create_programme(gemeente, framework.slug, "Programma")


def organisation(gemeente, name, kind="gemeente"):
    org, _ = Organisation.objects.get_or_create(name=name, kind=kind)
    org.gemeenten.add(gemeente)
    return org


def user(gemeente, username, role, org):
    return create_user(username=username, password="correct horse battery", role=role, organisation=org,
                       gemeenten=[gemeente])


def measure(programme, owner, *, partners=(), priority="veiligheid-zorg", theme=None, title="Maatregel"):
    return services.create_measure(
        programme, title=title, priority_code=priority, theme=theme, owner=owner, partners=partners,
        start=dt.date(2022, 1, 1), intervention="preventie",
    )
