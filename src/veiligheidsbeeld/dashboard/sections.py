"""Sections of the safety picture: the gemeente's framework priorities first, then the other theme groups."""

from __future__ import annotations

from dataclasses import dataclass, field

from veiligheidsbeeld.frameworks.models import Framework, Theme

__all__ = ["Section", "sections_for", "section_by_code"]


@dataclass
class Section:
    """A priority of the current framework or a theme group, with the leaf themes it covers."""

    code: str
    title: str
    themes: list = field(default_factory=list)
    ambition: str = ""
    is_priority: bool = False


def _current_framework(gemeente):
    return Framework.objects.filter(gemeente=gemeente).order_by("-version", "-loaded_at").first()


def sections_for(gemeente) -> list[Section]:
    """Priorities of the gemeente's newest framework version, then every theme group not named by a priority."""
    sections = []
    framework = _current_framework(gemeente)
    if framework is not None:
        for priority in framework.priorities.prefetch_related("themes").order_by("order"):
            themes = sorted(priority.themes.all(), key=lambda t: t.order)
            sections.append(Section(priority.code, priority.title, themes, priority.ambition, True))
    taken = {section.code for section in sections}
    for group in Theme.objects.groups().prefetch_related("children"):
        if group.code not in taken:
            sections.append(Section(group.code, group.name, sorted(group.children.all(), key=lambda t: t.order)))
    return sections


def section_by_code(gemeente, code: str) -> Section | None:
    return next((section for section in sections_for(gemeente) if section.code == code), None)
