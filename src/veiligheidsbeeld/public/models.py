"""Whether a gemeente publishes its veiligheidsbeeld without log-in (issue 20, item 5). Off unless turned on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import Gemeente

__all__ = ["PublicSite"]


class PublicSite(models.Model):
    """The public pages of one gemeente (``/openbaar/<code>/``): shown only while ``enabled``.

    A gemeente without a row has no public pages (the default is off)."""

    gemeente = models.OneToOneField(Gemeente, on_delete=models.CASCADE, related_name="public_site",
                                    verbose_name=_("gemeente"))
    enabled = models.BooleanField(
        _("public safety picture"), default=False,
        help_text=_("Publish the figures, wijk pages, report and open data without log-in."),
    )
    changed = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("public safety picture")
        verbose_name_plural = _("public safety pictures")

    def __str__(self) -> str:
        return "{} ({})".format(self.gemeente.code, "on" if self.enabled else "off")
