"""The domain-module registry: navigation by permission, to-dos soonest first, demo, retention, processing."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.core import modules, retention
from veiligheidsbeeld.core.modules import DomainModule, NavItem, RetentionCategory, Todo
from veiligheidsbeeld.core.processing_register import load_register


class _User:
    def __init__(self, perms):
        self.perms = perms

    def has_perm(self, perm):
        return perm in self.perms


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(modules, "_MODULES", {})
    return modules


def test_navigation_shows_only_permitted_entries(registry):
    registry.register(
        DomainModule(
            "example",
            nav=(NavItem("Cases", "dashboard:overview", "example.view"), NavItem("Admin", "dashboard:runs", "x.y")),
        )
    )
    assert [i.label for i in registry.nav_items(_User({"example.view"}))] == ["Cases"]
    assert registry.nav_items(_User(set())) == []


def test_todos_soonest_first_undated_last(registry):
    now = dt.datetime(2026, 12, 6, 12, tzinfo=dt.timezone.utc)
    registry.register(DomainModule("a", todos=lambda user: [Todo("late", now, "/a", "a"), Todo("none", None, "/", "a")]))
    registry.register(DomainModule("b", todos=lambda user: [Todo("early", dt.date(2026, 12, 1), "/b", "b")]))
    assert [t.title for t in registry.todos_for(_User(set()))] == ["early", "late", "none"]


@pytest.mark.django_db
def test_retention_and_processing_register_include_module_categories(registry, settings):
    calls = []
    registry.register(
        DomainModule(
            "example",
            retention=(RetentionCategory("example_cases", "anonymised", 730, lambda c, d: calls.append((c, d)) or 3),),
            processing_activities=(
                {
                    "id": "example", "name": "Voorbeeld", "purpose": "Doel", "legal_basis": "AVG art. 6(1)(e)",
                    "data_categories": ["x"], "data_subjects": ["y"], "recipients": ["z"],
                    "retention": ["example_cases"],
                },
            ),
        )
    )
    outcomes = {o.category: o for o in retention.run(dry_run=True)}
    assert outcomes["example_cases"].days == 730 and outcomes["example_cases"].count == 3
    settings.RETENTION_DAYS = dict(settings.RETENTION_DAYS, example_cases=10)
    assert {o.category: o for o in retention.run(dry_run=True)}["example_cases"].days == 10
    activity = [a for a in load_register().activities if a.id == "example"][0]
    assert activity.retention == ["example_cases: 10 days"]
    settings.RETENTION_DAYS = dict(settings.RETENTION_DAYS, nonsense=1)
    with pytest.raises(ValueError, match="unknown nonsense"):
        retention.run(dry_run=True)


@pytest.mark.django_db
def test_the_start_page_lists_dated_and_timed_tasks(registry, client, analyst):
    from django.urls import reverse

    client.force_login(analyst)
    registry.register(
        DomainModule(
            "example",
            todos=lambda u: [
                Todo("Evaluatie cameratoezicht", dt.date(2026, 12, 31), "/a", "example"),
                Todo("Melding AP", dt.datetime(2026, 12, 8, 9, tzinfo=dt.timezone.utc), "/b", "example", True),
            ],
        )
    )
    page = client.get(reverse("dashboard:overview")).content.decode()
    assert "Evaluatie cameratoezicht" in page and "31 december 2026" in page
    assert "Melding AP" in page and "8 december 2026 10:00" in page
