"""Sections of the safety picture: the gemeente's framework priorities first, then the other theme groups."""

from __future__ import annotations

from dataclasses import dataclass, field

from veiligheidsbeeld.frameworks.models import Framework, Theme

__all__ = ["Section", "ThemeTree", "current_framework_pk", "section_by_code", "sections_for", "theme_tree"]


@dataclass
class ThemeTree:
    """All themes of one request, read in one query: groups with their leaves, totals, lookup by code."""

    themes: list

    def __post_init__(self):
        by_pk = {theme.pk: theme for theme in self.themes}
        self.children: dict[int, list] = {theme.pk: [] for theme in self.themes}
        for theme in self.themes:  # ordered by "order": children keep that order
            if theme.parent_id is not None:
                theme.parent = by_pk[theme.parent_id]
                self.children[theme.parent_id].append(theme)
        self.by_code = {theme.code: theme for theme in self.themes}

    @property
    def groups(self) -> list:
        return [t for t in self.themes if t.parent_id is None and not t.is_total]

    @property
    def totals(self) -> list:
        return [t for t in self.themes if t.is_total]

    @property
    def leaves(self) -> list:
        return [t for t in self.themes if t.parent_id is not None]


def theme_tree(request=None) -> ThemeTree:
    """The :class:`ThemeTree`, kept on ``request`` for the rest of it (themes are reference data)."""
    tree = getattr(request, "_vb_theme_tree", None)
    if tree is None:
        tree = ThemeTree(list(Theme.objects.order_by("order", "pk")))
        if request is not None:
            request._vb_theme_tree = tree
    return tree


@dataclass
class Section:
    """A priority of the current framework or a theme group, with the leaf themes it covers."""

    code: str
    title: str
    themes: list = field(default_factory=list)
    ambition: str = ""
    is_priority: bool = False


def _frameworks(gemeente):
    """The gemeente's framework versions, newest first."""
    return Framework.objects.filter(gemeente=gemeente).order_by("-version", "-loaded_at")


def current_framework_pk(gemeente) -> int | None:
    """The primary key of the gemeente's newest framework version (a change of the framework is a new one)."""
    return _frameworks(gemeente).values_list("pk", flat=True).first()


def sections_for(gemeente, tree: ThemeTree | None = None) -> list[Section]:
    """Priorities of the gemeente's newest framework version, then every theme group not named by a priority."""
    tree = tree or theme_tree()
    sections = []
    framework = _frameworks(gemeente).first()
    if framework is not None:
        for priority in framework.priorities.prefetch_related("themes").order_by("order"):
            themes = sorted(priority.themes.all(), key=lambda t: t.order)
            sections.append(Section(priority.code, priority.title, themes, priority.ambition, True))
    taken = {section.code for section in sections}
    for group in tree.groups:
        if group.code not in taken:
            sections.append(Section(group.code, group.name, sorted(tree.children[group.pk], key=lambda t: t.order)))
    return sections


def section_by_code(gemeente, code: str, tree: ThemeTree | None = None) -> Section | None:
    return next((section for section in sections_for(gemeente, tree) if section.code == code), None)
