"""Audit events for log-ins, log-outs and failed log-ins."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from veiligheidsbeeld.core import audit


@receiver(user_logged_in, dispatch_uid="accounts_audit_login")
def _logged_in(sender, request, user, **kwargs):
    with transaction.atomic():
        audit.record("user_logged_in", actor=user, obj=user)


@receiver(user_logged_out, dispatch_uid="accounts_audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        with transaction.atomic():
            audit.record("user_logged_out", actor=user, obj=user)


@receiver(user_login_failed, dispatch_uid="accounts_audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    if "nonce" in credentials:
        return  # an OpenID Connect callback: the backend audits it with the reason (oidc_login_refused)
    with transaction.atomic():
        audit.record("user_login_failed", object_type="auth.user", username=credentials.get("username", ""))
