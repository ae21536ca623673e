"""Who a user is in Veiligheidsbeeld: role, organisation and the gemeenten they may see."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import Gemeente, Organisation

__all__ = ["Profile", "Role"]


class Role(models.TextChoices):
    ANALIST = "analist", _("Analyst")
    BELEIDSADVISEUR = "beleidsadviseur", _("Policy advisor")
    KETENPARTNER = "ketenpartner", _("Partner organisation")
    PROCESREGISSEUR = "procesregisseur", _("Case coordinator")
    BESTUUR = "bestuur", _("Administration (mayor, driehoek)")
    BEHEERDER = "beheerder", _("Functional administrator")
    FG = "fg", _("Data protection officer (FG)")
    INFORMATIEBEVEILIGER = "informatiebeveiliger", _("Information security officer (CISO)")
    PUBLIEK = "publiek", _("Public (read-only)")


class Profile(models.Model):
    """The Veiligheidsbeeld side of a user account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="members", verbose_name=_("organisation")
    )
    gemeenten = models.ManyToManyField(Gemeente, related_name="profiles", verbose_name=_("gemeenten"))

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return "{} ({})".format(self.user.get_username(), self.get_role_display())
