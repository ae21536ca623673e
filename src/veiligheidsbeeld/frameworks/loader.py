"""Read the theme taxonomy, the source-category mappings and policy frameworks from YAML files.

Pure Python (PyYAML, no Django): importers, analyses and management commands share one validated reading
of the files in ``frameworks/data``. Every problem raises :class:`FrameworkFileError`, naming the file, the
YAML location (``priorities[2].themes[0]``), its line and the reason. Source category codes are normalised
with :func:`normalise_code` on load; normalise a raw code the same way before looking it up.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DATA_DIR",
    "PARTNER_KINDS",
    "Adoption",
    "AreaGroupSpec",
    "BudgetLine",
    "Change",
    "DataPaths",
    "Framework",
    "FrameworkFileError",
    "MonitoredTopic",
    "Partner",
    "Principle",
    "Priority",
    "SourceCategory",
    "Theme",
    "default_paths",
    "load_framework",
    "load_mappings",
    "load_themes",
    "normalise_code",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Kinds of partner organisation a framework may name.
PARTNER_KINDS = ("gemeente", "politie", "wij", "boa", "zvh", "riec", "veiligheidsregio", "om", "overig")

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_GEMEENTE = re.compile(r"GM\d{4}")
_TYPE_NAMES = {
    str: "a text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
    dt.date: "a date (YYYY-MM-DD)",
}

_Location = tuple[str | int, ...]


class FrameworkFileError(ValueError):
    """A theme, mapping or framework file that cannot be read or is invalid.

    Parameters
    ----------
    path : str or Path
        The file.
    location : str
        Where in the YAML document, e.g. ``priorities[2].themes[0]``; empty for the whole document.
    reason : str
        What is wrong.
    line : int, optional
        1-based line of the location in the file, when known.
    """

    def __init__(self, path: str | Path, location: str, reason: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.location = location
        self.reason = reason
        self.line = line
        where = location or "document"
        if line is not None:
            where = f"{where} (line {line})"
        super().__init__(f"{self.path}: {where}: {reason}")


@dataclass(frozen=True)
class Theme:
    """A theme of the taxonomy. Without a parent it is a group theme, unless it is a published total."""

    code: str
    name: str
    name_en: str
    parent: str | None = None
    is_total: bool = False


@dataclass(frozen=True)
class SourceCategory:
    """A category code of a source system and the one theme it counts towards.

    ``group_system`` and ``group_code`` name the category of another system this one is part of (a BVH
    incident code and its police crime type), or are None.
    """

    system: str
    code: str
    label: str
    theme: str
    group_system: str | None = None
    group_code: str | None = None


@dataclass(frozen=True)
class Principle:
    """A guiding principle (uitgangspunt) of a framework."""

    code: str
    title: str
    summary: str


@dataclass(frozen=True)
class Priority:
    """A priority (ambitie); ``code`` is its theme group, ``themes`` the themes it focuses on."""

    code: str
    title: str
    reasons: tuple[str, ...]
    ambition: str
    actions: tuple[str, ...]
    themes: tuple[str, ...]


@dataclass(frozen=True)
class MonitoredTopic:
    """A topic followed without priority; ``theme`` is its theme code when registrations have one."""

    code: str
    name: str
    theme: str | None = None


@dataclass(frozen=True)
class Partner:
    """A partner organisation; ``kind`` is one of :data:`PARTNER_KINDS`."""

    code: str
    name: str
    kind: str
    role: str


@dataclass(frozen=True)
class AreaGroupSpec:
    """A named group of CBS wijken (e.g. Groningen Noord) and why the framework singles it out."""

    code: str
    name: str
    wijken: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class BudgetLine:
    """A line of the framework's finances; ``amount_eur`` only where the source states an amount."""

    title: str
    funding: str
    source: str
    priority: str | None = None
    amount_eur: int | None = None


@dataclass(frozen=True)
class Adoption:
    """When and by which body a framework was adopted."""

    date: dt.date
    body: str


@dataclass(frozen=True)
class Change:
    """A mid-term decision that changed a framework."""

    date: dt.date
    body: str
    decision: str
    summary: str


@dataclass(frozen=True)
class Framework:
    """One version of a gemeente's policy framework (beleidskader)."""

    slug: str
    gemeente: str
    title: str
    period_start: int
    period_end: int
    version: int
    adopted: Adoption | None
    source: str
    mission: str
    principles: tuple[Principle, ...]
    priorities: tuple[Priority, ...]
    monitored: tuple[MonitoredTopic, ...]
    partners: tuple[Partner, ...]
    area_groups: tuple[AreaGroupSpec, ...]
    finances: tuple[BudgetLine, ...]
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class DataPaths:
    """The files shipped in the package data directory."""

    themes: Path
    mappings: Path
    frameworks: tuple[Path, ...]


def default_paths() -> DataPaths:
    """Return the paths of the shipped theme, mapping and framework files.

    Returns
    -------
    DataPaths
        ``themes.yaml``, ``mappings.yaml`` and every ``frameworks/*.yaml``, sorted by name.
    """
    return DataPaths(
        themes=DATA_DIR / "themes.yaml",
        mappings=DATA_DIR / "mappings.yaml",
        frameworks=tuple(sorted((DATA_DIR / "frameworks").glob("*.yaml"))),
    )


def normalise_code(code: str) -> str:
    """Return a source category code without its padding (StatLine pads keys: ``"E33   "`` -> ``"E33"``).

    Examples
    --------
    >>> normalise_code("1.1.1 ")
    '1.1.1'
    """
    return code.strip()


def load_themes(path: str | Path | None = None) -> list[Theme]:
    """Read and validate a theme taxonomy.

    Parameters
    ----------
    path : str or Path, optional
        The themes file; the shipped ``themes.yaml`` when omitted.

    Returns
    -------
    list of Theme
        In file order.

    Raises
    ------
    FrameworkFileError
        On a missing or mistyped field, an unknown field, a duplicate code, a parent that does not exist, a
        total with a parent, or a cycle of parents.
    """
    doc = _Document(Path(path) if path is not None else default_paths().themes)
    top = doc.record(doc.data, (), {"version": int, "themes": list})
    rows = doc.records(
        top["themes"],
        ("themes",),
        {"code": str, "name": str, "name_en": str},
        {"parent": str, "is_total": bool},
    )
    themes = [
        Theme(
            code=doc.slug(fields, loc),
            name=fields["name"],
            name_en=fields["name_en"],
            parent=fields["parent"],
            is_total=bool(fields["is_total"]),
        )
        for loc, fields in rows
    ]
    by_code = {theme.code: theme for theme in themes}
    for (loc, _fields), theme in zip(rows, themes):
        if theme.parent is not None and theme.parent not in by_code:
            raise doc.error(loc + ("parent",), f"parent {theme.parent!r} is not a theme code in this file")
        if theme.parent is not None and theme.is_total:
            raise doc.error(
                loc + ("is_total",), "a total theme cannot have a parent: totals are never summed"
            )
    for (loc, _fields), theme in zip(rows, themes):
        chain = [theme.code]
        parent = theme.parent
        while parent is not None:
            if parent in chain:
                raise doc.error(
                    loc + ("parent",), "cycle of parents: {}".format(" -> ".join(chain + [parent]))
                )
            chain.append(parent)
            parent = by_code[parent].parent
    return themes


def load_mappings(
    path: str | Path | None = None, themes: list[Theme] | None = None
) -> dict[str, dict[str, SourceCategory]]:
    """Read and validate the mapping of source category codes to themes.

    Parameters
    ----------
    path : str or Path, optional
        The mappings file; the shipped ``mappings.yaml`` when omitted.
    themes : list of Theme, optional
        The taxonomy the themes must come from; the shipped one when omitted.

    Returns
    -------
    dict
        ``{system code: {normalised category code: SourceCategory}}``.

    Raises
    ------
    FrameworkFileError
        On a missing, mistyped or unknown field, a duplicate system, a code mapped twice within a system,
        a theme that does not exist or is a group theme, or a ``group`` that does not exist in the
        ``grouped_by`` system or has another theme.
    """
    doc = _Document(Path(path) if path is not None else default_paths().mappings)
    by_code = {theme.code: theme for theme in (load_themes() if themes is None else themes)}
    parents = {theme.parent for theme in by_code.values()}
    top = doc.record(doc.data, (), {"version": int, "systems": list})
    systems = doc.records(
        top["systems"],
        ("systems",),
        {"code": str, "name": str, "source": str, "categories": list},
        {"grouped_by": str},
    )
    result: dict[str, dict[str, SourceCategory]] = {}
    located: dict[tuple[str, str], _Location] = {}
    for loc, system in systems:
        code = doc.slug(system, loc)
        grouped_by = system["grouped_by"]
        required = {"code": str, "theme": str, "label": str} | ({"group": str} if grouped_by else {})
        categories = {}
        for item_loc, fields in doc.records(system["categories"], loc + ("categories",), required):
            problem = _unmappable(fields["theme"], by_code, parents)
            if problem:
                raise doc.error(item_loc + ("theme",), problem)
            category = SourceCategory(
                system=code,
                code=normalise_code(fields["code"]),
                label=fields["label"].strip(),
                theme=fields["theme"],
                group_system=grouped_by,
                group_code=normalise_code(fields["group"]) if grouped_by else None,
            )
            categories[category.code] = category
            located[(code, category.code)] = item_loc
        result[code] = categories
    for loc, system in systems:
        grouped_by = system["grouped_by"]
        if grouped_by is None:
            continue
        if grouped_by not in result or grouped_by == system["code"]:
            raise doc.error(loc + ("grouped_by",), f"{grouped_by!r} is not another system of this file")
        for category in result[system["code"]].values():
            item_loc = located[(category.system, category.code)]
            group = result[grouped_by].get(category.group_code)
            if group is None:
                raise doc.error(
                    item_loc + ("group",), f"{category.group_code!r} is not a code of system {grouped_by!r}"
                )
            if group.theme != category.theme:
                raise doc.error(
                    item_loc + ("theme",),
                    f"theme {category.theme!r} differs from theme {group.theme!r} "
                    f"of its group {group.code!r} in {grouped_by!r}",
                )
    return result


def load_framework(path: str | Path, themes: list[Theme] | None = None) -> Framework:
    """Read and validate a policy framework file.

    Parameters
    ----------
    path : str or Path
        The framework file, e.g. one of ``default_paths().frameworks``.
    themes : list of Theme, optional
        The taxonomy its theme codes must come from; the shipped one when omitted.

    Returns
    -------
    Framework

    Raises
    ------
    FrameworkFileError
        On a missing, mistyped or unknown field, a duplicate code in a list, an unknown theme code, a
        priority whose code is not a theme group, an unknown partner kind, a wijk code outside the gemeente, a
        budget line naming an unknown priority, or a period that ends before it starts.
    """
    doc = _Document(Path(path))
    by_code = {theme.code: theme for theme in (load_themes() if themes is None else themes)}
    top = doc.record(
        doc.data,
        (),
        {
            "slug": str,
            "gemeente": str,
            "title": str,
            "period": dict,
            "version": int,
            "source": str,
            "mission": str,
            "principles": list,
            "priorities": list,
            "monitored": list,
            "partners": list,
            "area_groups": list,
            "finances": list,
            "changes": list,
        },
        {"adopted": dict},
    )
    slug = doc.slug(top, (), "slug")
    gemeente = top["gemeente"]
    if not _GEMEENTE.fullmatch(gemeente):
        raise doc.error(("gemeente",), f"{gemeente!r} is not a CBS gemeente code like GM0014")
    period = doc.record(top["period"], ("period",), {"start": int, "end": int})
    if period["end"] < period["start"]:
        raise doc.error(
            ("period", "end"), "end year {} is before start year {}".format(period["end"], period["start"])
        )
    if top["version"] < 1:
        raise doc.error(("version",), "version must be 1 or higher")
    adopted = None
    if top["adopted"] is not None:
        adopted = Adoption(**doc.record(top["adopted"], ("adopted",), {"date": dt.date, "body": str}))

    principles = tuple(
        Principle(code=doc.slug(fields, loc), title=fields["title"], summary=fields["summary"])
        for loc, fields in doc.records(
            top["principles"], ("principles",), {"code": str, "title": str, "summary": str}
        )
    )
    priorities = tuple(_priorities(doc, top["priorities"], by_code))
    monitored = tuple(_monitored(doc, top["monitored"], by_code))
    partners = tuple(_partners(doc, top["partners"]))
    wijk = re.compile(rf"WK{gemeente[2:]}\d{{2}}")
    area_groups = tuple(_area_groups(doc, top["area_groups"], wijk, gemeente))
    finances = tuple(_finances(doc, top["finances"], {priority.code for priority in priorities}))
    changes = tuple(
        Change(**fields)
        for _loc, fields in doc.records(
            top["changes"], ("changes",), {"date": dt.date, "body": str, "decision": str, "summary": str}
        )
    )
    return Framework(
        slug=slug,
        gemeente=gemeente,
        title=top["title"],
        period_start=period["start"],
        period_end=period["end"],
        version=top["version"],
        adopted=adopted,
        source=top["source"],
        mission=top["mission"],
        principles=principles,
        priorities=priorities,
        monitored=monitored,
        partners=partners,
        area_groups=area_groups,
        finances=finances,
        changes=changes,
    )


def _priorities(doc: _Document, values: list, by_code: dict[str, Theme]) -> Iterator[Priority]:
    spec = {"code": str, "title": str, "reasons": list, "ambition": str, "actions": list, "themes": list}
    for loc, fields in doc.records(values, ("priorities",), spec):
        code = doc.slug(fields, loc)
        theme = by_code.get(code)
        if theme is None or theme.parent is not None or theme.is_total:
            raise doc.error(loc + ("code",), f"{code!r} is not a theme group (a theme without parent)")
        themes = doc.strings(fields["themes"], loc + ("themes",))
        if not themes:
            raise doc.error(loc + ("themes",), "a priority needs at least one theme")
        for index, theme_code in enumerate(themes):
            doc.check_theme(theme_code, loc + ("themes", index), by_code)
        yield Priority(
            code=code,
            title=fields["title"],
            reasons=doc.strings(fields["reasons"], loc + ("reasons",)),
            ambition=fields["ambition"],
            actions=doc.strings(fields["actions"], loc + ("actions",)),
            themes=themes,
        )


def _monitored(doc: _Document, values: list, by_code: dict[str, Theme]) -> Iterator[MonitoredTopic]:
    for loc, fields in doc.records(values, ("monitored",), {"code": str, "name": str}, {"theme": str}):
        if fields["theme"] is not None:
            doc.check_theme(fields["theme"], loc + ("theme",), by_code)
        yield MonitoredTopic(code=doc.slug(fields, loc), name=fields["name"], theme=fields["theme"])


def _partners(doc: _Document, values: list) -> Iterator[Partner]:
    for loc, fields in doc.records(
        values, ("partners",), {"code": str, "name": str, "kind": str, "role": str}
    ):
        if fields["kind"] not in PARTNER_KINDS:
            raise doc.error(
                loc + ("kind",),
                "unknown kind {!r}; expected one of {}".format(fields["kind"], ", ".join(PARTNER_KINDS)),
            )
        yield Partner(
            code=doc.slug(fields, loc), name=fields["name"], kind=fields["kind"], role=fields["role"]
        )


def _area_groups(doc: _Document, values: list, wijk: re.Pattern, gemeente: str) -> Iterator[AreaGroupSpec]:
    spec = {"code": str, "name": str, "wijken": list, "reason": str}
    for loc, fields in doc.records(values, ("area_groups",), spec):
        wijken = doc.strings(fields["wijken"], loc + ("wijken",))
        if not wijken:
            raise doc.error(loc + ("wijken",), "an area group needs at least one wijk")
        for index, code in enumerate(wijken):
            if not wijk.fullmatch(code):
                raise doc.error(
                    loc + ("wijken", index),
                    f"{code!r} is not a CBS wijk code of {gemeente} (WK{gemeente[2:]}NN)",
                )
            if code in wijken[:index]:
                raise doc.error(loc + ("wijken", index), f"wijk {code!r} is listed twice")
        yield AreaGroupSpec(
            code=doc.slug(fields, loc), name=fields["name"], wijken=wijken, reason=fields["reason"]
        )


def _finances(doc: _Document, values: list, priority_codes: set[str]) -> Iterator[BudgetLine]:
    spec = {"title": str, "funding": str, "source": str}
    for loc, fields in doc.records(values, ("finances",), spec, {"priority": str, "amount_eur": int}):
        if fields["priority"] is not None and fields["priority"] not in priority_codes:
            raise doc.error(
                loc + ("priority",), "{!r} is not a priority of this framework".format(fields["priority"])
            )
        if fields["amount_eur"] is not None and fields["amount_eur"] < 0:
            raise doc.error(loc + ("amount_eur",), "an amount cannot be negative")
        yield BudgetLine(**fields)


def _unmappable(code: str, by_code: dict[str, Theme], parents: set[str | None]) -> str | None:
    """Return why a source category cannot count towards theme ``code``, or None when it can."""
    theme = by_code.get(code)
    if theme is None:
        return f"unknown theme code {code!r}"
    if theme.is_total:
        return None
    if code in parents:
        return f"theme {code!r} has sub-themes; map to one of them"
    if theme.parent is None:
        return f"theme {code!r} is a group theme; map to a leaf theme or a total"
    return None


def _format_location(location: _Location) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _describe(value: Any) -> str:
    name = _TYPE_NAMES.get(type(value), "nothing (null)" if value is None else type(value).__name__)
    if isinstance(value, (list, dict)) or value is None:
        return name
    return f"{name} ({value!r})"


class _Document:
    """A parsed YAML file with typed access to its values; errors carry location and line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise FrameworkFileError(path, "", f"cannot read the file: {exc}") from exc
        loader = yaml.SafeLoader(text)
        try:
            self.root = loader.get_single_node()
            self.data = loader.construct_document(self.root) if self.root is not None else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            raise FrameworkFileError(path, "", f"not valid YAML: {exc}", line) from exc
        finally:
            loader.dispose()

    def error(self, location: _Location, reason: str) -> FrameworkFileError:
        return FrameworkFileError(self.path, _format_location(location), reason, self._line(location))

    def _line(self, location: _Location) -> int | None:
        """Return the line of the deepest node on ``location`` (the enclosing one when a key is missing)."""
        node = self.root
        line = None
        for part in location:
            if node is None:
                break
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                node = next((value for key, value in node.value if key.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                node = None
        return node.start_mark.line + 1 if node is not None else line

    def record(
        self,
        value: Any,
        location: _Location,
        required: dict[str, type],
        optional: dict[str, type] | None = None,
    ) -> dict[str, Any]:
        """Check a mapping's fields: required ones present, none unknown, each of its type.

        Returns every field of ``required`` and ``optional``; absent optional fields are None.
        """
        optional = optional or {}
        if not isinstance(value, dict):
            raise self.error(location, f"expected a mapping, got {_describe(value)}")
        for key in value:
            if key not in required and key not in optional:
                raise self.error(
                    location + (str(key),),
                    "unknown field {!r}; expected one of {}".format(
                        key, ", ".join(sorted(required | optional))
                    ),
                )
        fields = {}
        for key, kind in (required | optional).items():
            if key not in value and key in required:
                raise self.error(location + (key,), f"required field {key!r} is missing")
            if value.get(key) is None and key in required:
                raise self.error(location + (key,), f"required field {key!r} is empty")
            fields[key] = None if value.get(key) is None else self._typed(value[key], location + (key,), kind)
        return fields

    def records(
        self,
        values: list,
        location: _Location,
        required: dict[str, type],
        optional: dict[str, type] | None = None,
    ) -> list[tuple[_Location, dict[str, Any]]]:
        """Check a list of mappings with :meth:`record`; their ``code`` fields, if any, must be unique."""
        seen: dict[str, _Location] = {}
        rows = []
        for index, value in enumerate(values):
            item_location = location + (index,)
            fields = self.record(value, item_location, required, optional)
            if "code" in fields:
                code = normalise_code(fields["code"])
                if code in seen:
                    raise self.error(
                        item_location + ("code",),
                        f"duplicate code {code!r}, first used at {_format_location(seen[code])}",
                    )
                seen[code] = item_location
            rows.append((item_location, fields))
        return rows

    def strings(self, values: list, location: _Location) -> tuple[str, ...]:
        """Check that every item of a list is a non-empty text."""
        return tuple(self._typed(value, location + (index,), str) for index, value in enumerate(values))

    def slug(self, fields: dict[str, Any], location: _Location, key: str = "code") -> str:
        """Return ``fields[key]`` after checking it is a slug (lower-case letters, digits, single hyphens)."""
        value = fields[key]
        if not _SLUG.fullmatch(value):
            raise self.error(
                location + (key,),
                f"{value!r} is not a valid code: use lower-case letters, digits and hyphens",
            )
        return value

    def check_theme(self, code: str, location: _Location, by_code: dict[str, Theme]) -> None:
        """Check that ``code`` is a theme of the taxonomy."""
        if code not in by_code:
            raise self.error(location, f"unknown theme code {code!r}")

    def _typed(self, value: Any, location: _Location, kind: type) -> Any:
        matches = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
        if kind is dt.date and isinstance(value, dt.datetime):
            matches = False
        if not matches:
            raise self.error(location, f"expected {_TYPE_NAMES[kind]}, got {_describe(value)}")
        if kind is str and not value.strip():
            raise self.error(location, "must not be empty")
        return value
