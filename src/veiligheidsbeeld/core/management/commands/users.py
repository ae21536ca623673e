"""``veiligheidsbeeld users ...``: scripted accounts, second-factor devices and API tokens.

veiligheidsbeeld users create --username U --role R --organisation O --gemeente GM0014 [GM...]
veiligheidsbeeld users totp --username U
veiligheidsbeeld users enrol --username U [--hours 72] [--url https://...]
veiligheidsbeeld users token create --username U --name N --scope area:read --gemeente GM0014 [--days 90]
veiligheidsbeeld users token list
veiligheidsbeeld users token revoke ID
"""

from __future__ import annotations

import getpass
import secrets
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.accounts import services
from veiligheidsbeeld.accounts.models import ApiToken, Role
from veiligheidsbeeld.core.models import Gemeente, Organisation, OrganisationKind


class Command(BaseCommand):
    help = "Create accounts, provision TOTP devices and manage API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="Create or reset an account.")
        create.add_argument("--username", required=True)
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--organisation", required=True, help="Name of the organisation.")
        create.add_argument(
            "--organisation-kind",
            choices=OrganisationKind.values,
            help="Create the organisation with this kind when it does not exist.",
        )
        create.add_argument(
            "--gemeente", nargs="+", required=True, metavar="GM", help="CBS codes, e.g. GM0014."
        )
        create.add_argument(
            "--password-file",
            type=Path,
            help="File with the password; without it you are asked, or (not on a terminal) a "
            "password is generated and printed once.",
        )
        totp = sub.add_parser(
            "totp", help="Give an account a new TOTP device and print its otpauth URI once."
        )
        totp.add_argument("--username", required=True)
        enrol = sub.add_parser(
            "enrol",
            help="Issue a one-time enrolment link/code with which the account sets up its own authenticator "
            "(printed once; earlier open codes are revoked).",
        )
        enrol.add_argument("--username", required=True)
        enrol.add_argument("--hours", type=float, default=72, help="Hours the code is valid (default 72).")
        enrol.add_argument(
            "--url", default="", help="Base URL of the installation, to print the enrolment link (e.g. "
            "https://veiligheid.gemeente.nl)."
        )
        token = sub.add_parser("token", help="API tokens of partner systems.")
        token_sub = token.add_subparsers(dest="token_command", required=True)
        token_create = token_sub.add_parser("create", help="Issue a token (printed once).")
        token_create.add_argument(
            "--username", required=True, help="The (service) account the token acts for."
        )
        token_create.add_argument("--name", required=True, help="What the token is for.")
        token_create.add_argument("--scope", nargs="+", required=True, help="e.g. area:read")
        token_create.add_argument("--gemeente", nargs="+", required=True, metavar="GM")
        token_create.add_argument("--days", type=int, default=90)
        token_sub.add_parser("list", help="List tokens (never their value).")
        revoke = token_sub.add_parser("revoke", help="Revoke a token.")
        revoke.add_argument("id", type=int)

    def handle(self, *args, subcommand, **options):
        try:
            if subcommand == "create":
                self._create(**options)
            elif subcommand == "totp":
                self._totp(options["username"])
            elif subcommand == "enrol":
                self._enrol(options["username"], options["hours"], options["url"])
            elif options["token_command"] == "create":
                self._token_create(**options)
            elif options["token_command"] == "list":
                self._token_list()
            else:
                self._token_revoke(options["id"])
        except ValueError as error:
            raise CommandError(str(error)) from error

    def _user(self, username):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError("no account {!r}".format(username))
        return user

    def _gemeenten(self, codes):
        found = {g.code: g for g in Gemeente.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise CommandError(
                "unknown gemeente {}; load it first (veiligheidsbeeld areas ...)".format(", ".join(missing))
            )
        return [found[c] for c in codes]

    def _password(self, username, password_file):
        if password_file is not None:
            if not password_file.is_file():
                raise CommandError("--password-file {}: no such file".format(password_file))
            return password_file.read_text(encoding="utf-8").rstrip("\n"), False
        if sys.stdin.isatty():
            first = getpass.getpass("Password for {}: ".format(username))
            if first != getpass.getpass("Again: "):
                raise CommandError("the passwords differ")
            return first, False
        return secrets.token_urlsafe(18), True

    def _create(self, *, username, role, organisation, organisation_kind, gemeente, password_file, **_):
        gemeenten = self._gemeenten(gemeente)
        org = Organisation.objects.filter(name=organisation).first()
        if org is None:
            if organisation_kind is None:
                known = ", ".join(Organisation.objects.values_list("name", flat=True)) or "(none)"
                raise CommandError(
                    "unknown organisation {!r}; known: {}. Add --organisation-kind to create it.".format(
                        organisation, known
                    )
                )
            org = Organisation.objects.create(name=organisation, kind=organisation_kind)
        org.gemeenten.add(*gemeenten)
        password, generated = self._password(username, password_file)
        services.check_password(password, username)
        user = services.create_user(
            username=username, password=password, role=role, organisation=org, gemeenten=gemeenten
        )
        self.stdout.write("account {} ({}) for {}".format(user.username, role, ", ".join(gemeente)))
        if generated:
            self.stdout.write("password (shown once): {}".format(password))

    def _enrol(self, username, hours, url):
        from django.urls import reverse
        from django.utils.http import urlencode

        user = self._user(username)
        code = services.create_enrolment_code(user, hours=hours)
        link = "{}{}?{}".format(url.rstrip("/"), reverse("accounts:otp-setup"), urlencode({"code": code}))
        self.stdout.write("enrolment code for {} (shown once, valid {:g} hours): {}".format(username, hours, code))
        self.stdout.write("enrolment link: {}".format(link))

    def _totp(self, username):
        device = services.provision_totp(self._user(username))
        self.stdout.write(
            "otpauth URI (shown once; add it to the authenticator app): {}".format(device.config_url)
        )

    def _token_create(self, *, username, name, scope, gemeente, days, **_):
        token, plaintext = services.create_api_token(
            user=self._user(username), name=name, scopes=scope, gemeenten=self._gemeenten(gemeente), days=days
        )
        self.stdout.write("token #{} {} expires {:%Y-%m-%d}".format(token.pk, token.name, token.expires_at))
        self.stdout.write("token (shown once): {}".format(plaintext))

    def _token_list(self):
        for t in ApiToken.objects.select_related("user", "organisation").prefetch_related("gemeenten"):
            state = "revoked" if t.revoked_at else ("active" if t.is_active() else "expired")
            self.stdout.write(
                "#{:<4} {:<24} {:<12} {:<10}… {:<8} {} {} until {:%Y-%m-%d}".format(
                    t.pk,
                    t.name,
                    t.user.username,
                    t.prefix,
                    state,
                    ",".join(t.scopes),
                    ",".join(g.code for g in t.gemeenten.all()),
                    t.expires_at,
                )
            )

    def _token_revoke(self, pk):
        token = ApiToken.objects.filter(pk=pk).first()
        if token is None:
            raise CommandError("no token #{}".format(pk))
        services.revoke_api_token(token)
        self.stdout.write("token #{} revoked".format(pk))
