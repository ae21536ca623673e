"""Themes, the mapping of source categories to themes, and versioned policy frameworks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import GemeenteScoped

__all__ = ["Theme", "SourceCategory", "Framework", "Priority", "DecisionBody", "FrameworkDecision"]


class ThemeQuerySet(models.QuerySet):
    def leaves(self):
        return self.filter(parent__isnull=False)

    def groups(self):
        return self.filter(parent__isnull=True, is_total=False)


class Theme(models.Model):
    """A safety theme (woninginbraak, jeugdoverlast, ...). Group themes (no parent) sum their leaves."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    is_total = models.BooleanField(
        _("published total"), default=False, help_text=_("A source's own total; never summed with other themes.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class SourceCategory(models.Model):
    """A category of a source system (police crime type 1.1.1, nuisance code E33, BVH code A72) and its theme."""

    system = models.CharField(_("source system"), max_length=40)
    code = models.CharField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=300)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="categories", verbose_name=_("theme"))

    class Meta:
        ordering = ["system", "code"]
        verbose_name = _("source category")
        verbose_name_plural = _("source categories")
        constraints = [
            models.UniqueConstraint(
                fields=["system", "code"],
                name="%(app_label)s_%(class)s_unique_system_code",
                violation_error_message=_("This code is mapped already for this source system."),
            )
        ]

    def __str__(self) -> str:
        return "{}:{} {}".format(self.system, self.code, self.label)


class Framework(GemeenteScoped):
    """One version of a gemeente's policy framework (beleidskader), loaded from a YAML file."""

    slug = models.SlugField(_("slug"), max_length=80)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=300)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    content = models.JSONField(_("content"), help_text=_("The framework document as structured data."))
    source_file = models.CharField(_("source file"), max_length=300, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["gemeente", "slug", "-version"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "slug", "version"],
                name="%(app_label)s_%(class)s_unique_version",
                violation_error_message=_("This framework version exists already."),
            )
        ]

    def __str__(self) -> str:
        return "{} (v{})".format(self.title, self.version)


class Priority(models.Model):
    """A priority (ambitie) of a framework version, with its theme group."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("framework")
    )
    code = models.SlugField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    ambition = models.TextField(_("ambition"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    themes = models.ManyToManyField(Theme, related_name="priorities", verbose_name=_("themes"))

    class Meta:
        ordering = ["framework", "order"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="%(app_label)s_%(class)s_unique_code",
                violation_error_message=_("This priority exists already in this framework."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class DecisionBody(models.TextChoices):
    GEMEENTERAAD = "gemeenteraad", _("Gemeenteraad (council)")
    COLLEGE = "college", _("College van B&W")
    BURGEMEESTER = "burgemeester", _("Burgemeester (mayor)")
    DRIEHOEK = "driehoek", _("Driehoek")
    AMBTELIJK = "ambtelijk", _("Civil service (no political decision)")


class FrameworkDecision(models.Model):
    """The decision that made a framework version: who decided what, when, and where it is written down."""

    framework = models.OneToOneField(
        Framework, on_delete=models.CASCADE, related_name="decision", verbose_name=_("framework version")
    )
    date = models.DateField(_("decision date"))
    body = models.CharField(_("decided by"), max_length=20, choices=DecisionBody.choices)
    reason = models.TextField(_("reason"))
    document_reference = models.CharField(
        _("document reference"), max_length=300, help_text=_("Raadsvoorstel, collegebesluit or letter number.")
    )
    document_url = models.URLField(
        _("document link"), max_length=500, blank=True,
        help_text=_("Where the decision is published, e.g. the raadsinformatiesysteem."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["framework", "date"]
        verbose_name = _("framework decision")
        verbose_name_plural = _("framework decisions")

    def __str__(self) -> str:
        return "{} {} ({})".format(self.date, self.get_body_display(), self.document_reference)
