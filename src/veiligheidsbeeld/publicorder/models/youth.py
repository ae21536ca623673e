"""Problematic youth groups on the 7-stappenmodel: steps, duiding, priority, and the name list from step 2B."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.encryption import EncryptedTextField
from veiligheidsbeeld.core.models import GemeenteScoped, Organisation

from ..choices import AgeBand, LegacyLabel, Step, YouthPriority

__all__ = ["NameListAccess", "YouthGroup", "YouthGroupMember", "YouthGroupStepChange"]


class YouthGroup(GemeenteScoped):
    """A youth group the partners follow on the 7-stappenmodel. Dashboards get aggregates only.

    ``legacy_label`` keeps the retired Beke shortlist class of an old record; it is read-only (no service sets it).
    """

    name = models.CharField(_("working name"), max_length=100, help_text=_("A place name or code, never a person."))
    step = models.CharField(_("step"), max_length=6, choices=Step.choices, default=Step.S1)
    home_wijk = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("home wijk")
    )
    seen_in = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("wijken where seen"))
    first_signal_on = models.DateField(_("first signal on"))
    signals = models.TextField(_("signals"), blank=True)
    severity = models.TextField(_("severity (ernst)"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    development = models.TextField(_("development"), blank=True)
    impact = models.TextField(_("impact"), blank=True)
    group_scan_reference = models.CharField(_("police group scan reference"), max_length=60, blank=True)
    priority = models.CharField(_("priority (driehoek)"), max_length=10, choices=YouthPriority.choices, blank=True)
    priority_set_on = models.DateField(_("priority set on"), null=True, blank=True)
    plan = models.TextField(_("plan of action"), blank=True)
    monitoring = models.TextField(_("monitoring"), blank=True)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    size = models.PositiveSmallIntegerField(_("number of members (estimate)"), null=True, blank=True)
    age_bands = models.JSONField(
        _("members per age band"), default=dict, blank=True,
        help_text=_("Counts per age band, e.g. {\"12-15\": 4, \"16-17\": 6}."),
    )
    legacy_label = models.CharField(
        _("old shortlist label"), max_length=20, choices=LegacyLabel.choices, blank=True, editable=False
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("youth group")
        verbose_name_plural = _("youth groups")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "name"], name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("A youth group with this working name exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def age_band_rows(self) -> list[tuple[str, int]]:
        return [(label, int(self.age_bands.get(value, 0))) for value, label in AgeBand.choices]


class YouthGroupStepChange(models.Model):
    """Append-only history of a group's steps."""

    group = models.ForeignKey(YouthGroup, on_delete=models.CASCADE, related_name="history", verbose_name=_("group"))
    old_step = models.CharField(_("old step"), max_length=6, choices=Step.choices, blank=True)
    new_step = models.CharField(_("new step"), max_length=6, choices=Step.choices)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("step change")
        verbose_name_plural = _("step changes")

    def __str__(self) -> str:
        return "{}: {} -> {}".format(self.group, self.old_step, self.new_step)


class NameListAccess(models.Model):
    """A partner organisation's recorded legal basis to see a group's name list (e.g. the convenant)."""

    group = models.ForeignKey(
        YouthGroup, on_delete=models.CASCADE, related_name="name_list_access", verbose_name=_("group")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["group", "organisation"]
        verbose_name = _("name-list access")
        verbose_name_plural = _("name-list access")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation"], name="%(app_label)s_%(class)s_unique_group_organisation",
                violation_error_message=_("This organisation already has a recorded basis for this group."),
            ),
            models.CheckConstraint(
                condition=~models.Q(legal_basis=""), name="%(app_label)s_%(class)s_has_legal_basis",
                violation_error_message=_("Name-list access needs a legal basis."),
            ),
        ]

    def __str__(self) -> str:
        return "{}: {}".format(self.group, self.organisation)


class YouthGroupMember(models.Model):
    """A person on a group's name list (from step 2B only). Name encrypted; looked up by pseudonym."""

    group = models.ForeignKey(YouthGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group"))
    name = EncryptedTextField(_("name"))
    reference = models.CharField(
        _("reference"), max_length=40, unique=True, help_text=_("Random reference used in the audit log instead of the name."),
    )
    bsn_pseudonym = models.CharField(_("BSN pseudonym"), max_length=80, blank=True, db_index=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    role_in_group = models.CharField(_("role in the group"), max_length=100, blank=True)
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        ordering = ["group", "pk"]
        verbose_name = _("name-list entry")
        verbose_name_plural = _("name-list entries")

    def __str__(self) -> str:
        return self.reference
