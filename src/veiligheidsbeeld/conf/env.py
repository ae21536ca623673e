"""Environment variables read by the settings, each documented once.

``docs/reference/configuration.md`` is generated from :data:`VARIABLES` (``veiligheidsbeeld docs-config``) and a
test checks that every variable read by the settings is listed here.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Variable", "VARIABLES", "get", "get_bool", "get_secret", "home", "markdown", "private_file", "secret_key",
]


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help_text: str
    group: str = "general"


VARIABLES: dict[str, Variable] = {
    v.name: v
    for v in [
        Variable(
            "VEILIGHEIDSBEELD_HOME",
            "./veiligheidsbeeld-data",
            "Data folder: holds the SQLite database, uploads, generated reports and the generated secret key.",
        ),
        Variable(
            "DATABASE_URL",
            "sqlite:///$VEILIGHEIDSBEELD_HOME/veiligheidsbeeld.sqlite3",
            "Database connection URL, e.g. postgres://user:pass@127.0.0.1:5432/veiligheidsbeeld. "
            "PostgreSQL is the production database; the SQLite file in the data folder is the zero-set-up default.",
            "database",
        ),
        Variable(
            "SECRET_KEY",
            "(generated into $VEILIGHEIDSBEELD_HOME/secret_key on first run)",
            "Django secret key. Set it from a secret store in production; never commit it.",
            "security",
        ),
        Variable("DEBUG", "false", "Django debug mode. Never on in production.", "general"),
        Variable(
            "ALLOWED_HOSTS",
            "127.0.0.1,localhost",
            "Comma-separated host names the web server answers to.",
            "security",
        ),
        Variable(
            "CSRF_TRUSTED_ORIGINS",
            "",
            "Comma-separated origins (scheme + host) trusted for CSRF, e.g. https://veiligheid.gemeente.nl.",
            "security",
        ),
        Variable(
            "VEILIGHEIDSBEELD_TILE_URL",
            "",
            "Tile URL template ({z}/{x}/{y}) of an optional base map behind the maps. Empty by default, for closed "
            "networks: no base map and no other origin in the Content-Security-Policy. When set, its origin (only) "
            "is added to img-src. Example, the PDOK BRT-Achtergrondkaart (grey): "
            "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png",
            "interface",
        ),
        Variable(
            "VEILIGHEIDSBEELD_TILE_ATTRIBUTION",
            "",
            "Attribution shown in the map corner for the tile service (HTML allowed, e.g. &copy;). Empty: the known "
            "text for PDOK (Kadaster), else none; set it for any other service as its terms require.",
            "interface",
        ),
        Variable(
            "VEILIGHEIDSBEELD_BASEMAP_URL",
            "",
            "Older name of VEILIGHEIDSBEELD_TILE_URL, read only when that is empty.",
            "interface",
        ),
        Variable(
            "VEILIGHEIDSBEELD_ANALYSIS_WORKERS",
            "1",
            "Processes for the hot spot statistics of an analysis run (one theme per task; e.g. the number of "
            "cores). The results do not depend on it.",
            "analysis",
        ),
        Variable(
            "VEILIGHEIDSBEELD_DISCLOSURE_THRESHOLD",
            "5",
            "Counts below this number are never published to non-privileged roles or exports (shown as <N).",
            "privacy",
        ),
        Variable(
            "VEILIGHEIDSBEELD_DISCLOSURE_METHOD",
            "suppress",
            "How small counts are protected in outputs: 'suppress' (shown as <N, with secondary suppression in "
            "tables with totals) or 'round' (every count rounded to a multiple of 5, as CBS does).",
            "privacy",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OTP_REQUIRED_ROLES",
            "analist,beleidsadviseur,bestuur,ketenpartner,procesregisseur,fg,beheerder,informatiebeveiliger",
            "Comma-separated roles that must log in with a second factor (TOTP): by default every role that sees "
            "police or person data. The authenticator is set up only with a one-time enrolment code from an "
            "administrator (`veiligheidsbeeld users enrol`), never with the password alone.",
            "security",
        ),
        Variable(
            "VEILIGHEIDSBEELD_LOGIN_FAILURE_LIMIT",
            "5",
            "Failed log-ins (per user name and address) before the account is locked for 30 minutes.",
            "security",
        ),
        Variable(
            "VEILIGHEIDSBEELD_PSEUDONYM_KEY",
            "",
            "Key of the keyed hash (HMAC-SHA256) that turns person identifiers into pseudonyms (at least 32 "
            "characters). Prefer VEILIGHEIDSBEELD_PSEUDONYM_KEY_FILE. Never stored in the database. With neither "
            "set, a key is generated once into $VEILIGHEIDSBEELD_HOME/pseudonym_key (mode 0600).",
            "privacy",
        ),
        Variable(
            "VEILIGHEIDSBEELD_PSEUDONYM_KEY_FILE",
            "",
            "File holding the pseudonymisation key (e.g. a mounted secret); used when "
            "VEILIGHEIDSBEELD_PSEUDONYM_KEY is empty.",
            "privacy",
        ),
        Variable(
            "VEILIGHEIDSBEELD_AUDIT_KEY",
            "",
            "Key ring of the keyed audit chain (HMAC-SHA256), inline: entries '<key id>:<secret>' separated by "
            "';' or new lines, secrets of at least 32 characters; the last entry signs new events, earlier ones "
            "verify older events. Prefer VEILIGHEIDSBEELD_AUDIT_KEY_FILE. Never stored in the database.",
            "security",
        ),
        Variable(
            "VEILIGHEIDSBEELD_AUDIT_KEY_FILE",
            "$VEILIGHEIDSBEELD_HOME/audit_keys (generated, mode 0600)",
            "File holding the audit key ring, one '<key id>:<secret>' a line (last line current); used when "
            "VEILIGHEIDSBEELD_AUDIT_KEY is empty. In production keep it off the database host (a mounted secret); "
            "`veiligheidsbeeld audit rotate-key` appends a new key.",
            "security",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OTP_SEED_KEY",
            "",
            "Key (at least 32 characters) that encrypts the TOTP seeds in the database (AES-256-GCM). Prefer "
            "VEILIGHEIDSBEELD_OTP_SEED_KEY_FILE. Never stored in the database; losing it means re-enrolling "
            "every authenticator.",
            "security",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OTP_SEED_KEY_FILE",
            "$VEILIGHEIDSBEELD_HOME/otp_seed_key (generated, mode 0600)",
            "File holding the TOTP seed key; used when VEILIGHEIDSBEELD_OTP_SEED_KEY is empty.",
            "security",
        ),
        Variable(
            "VEILIGHEIDSBEELD_TRUSTED_PROXY_COUNT",
            "0",
            "Reverse proxies in front of the web server that append to X-Forwarded-For. 0: the client address is "
            "REMOTE_ADDR; N: the N-th address from the right of X-Forwarded-For (never trust a header a client "
            "can set). Lock-out and the audit log use this address.",
            "security",
        ),
        Variable(
            "VEILIGHEIDSBEELD_UPLOAD_MAX_MB",
            "200",
            "Largest file upload (import page) in MB; larger requests are refused with 413 before they are read.",
            "limits",
        ),
        Variable(
            "VEILIGHEIDSBEELD_API_MAX_MB",
            "10",
            "Largest API request body (e.g. posted registrations) in MB; larger requests are refused with 413.",
            "limits",
        ),
        Variable(
            "VEILIGHEIDSBEELD_MAPPING_MAX_KB",
            "64",
            "Largest column mapping (YAML) in KB. YAML aliases and anchors are always refused.",
            "limits",
        ),
        Variable(
            "VEILIGHEIDSBEELD_XLSX_MAX_CELLS",
            "5000000",
            "Largest XLSX sheet in cells (rows x columns up to the farthest cell), checked before it is loaded.",
            "limits",
        ),
        Variable(
            "VEILIGHEIDSBEELD_ZIP_MAX_MEMBER_MB",
            "1024",
            "Largest expanded size of the members of a zip (shapefile archive, XLSX workbook) in MB, together.",
            "limits",
        ),
        Variable(
            "VEILIGHEIDSBEELD_ZIP_MAX_RATIO",
            "100",
            "Largest compression ratio of a zip member over 1 MB (higher is taken for a zip bomb).",
            "limits",
        ),
        Variable(
            "VEILIGHEIDSBEELD_BOUNDARY_MAX_VERTICES",
            "250000",
            "Most vertices in one area boundary; a boundary with more is refused (simplify the file first).",
            "limits",
        ),
        Variable(
            "VEILIGHEIDSBEELD_API_RATE_TOKEN",
            "600/min",
            "Most API requests per token (<n>/sec|min|hour|day); more get 429 with Retry-After. Counted per "
            "process unless a shared cache is configured.",
            "limits",
        ),
        Variable(
            "VEILIGHEIDSBEELD_API_RATE_USER",
            "1200/min",
            "Most API requests per account (all its tokens and its browser session together).",
            "limits",
        ),
        Variable(
            "VEILIGHEIDSBEELD_PUBLIC_RATE",
            "60/min",
            "Most requests per client address on the public pages (/openbaar/); more get 429 with Retry-After. "
            "Counted per process unless a shared cache is configured.",
            "limits",
        ),
        Variable(
            "VEILIGHEIDSBEELD_RETENTION_AUDIT_DAYS",
            "2557",
            "Days audit events are kept (default 7 years) before `veiligheidsbeeld retention run` removes them.",
            "privacy",
        ),
        Variable(
            "VEILIGHEIDSBEELD_RETENTION_REJECTED_ROWS_DAYS",
            "90",
            "Days quarantined (rejected) import rows are kept.",
            "privacy",
        ),
        Variable(
            "VEILIGHEIDSBEELD_RETENTION_PERSON_REFERENCES_DAYS",
            "730",
            "Days a registration keeps its person reference (pseudonym) before it is anonymised.",
            "privacy",
        ),
        Variable(
            "VEILIGHEIDSBEELD_RETENTION_UPLOADS_DAYS",
            "30",
            "Days uploaded source files are kept in the data folder.",
            "privacy",
        ),
        Variable(
            "VEILIGHEIDSBEELD_PROCESSING_REGISTER",
            "",
            "YAML file of the register of processing activities (AVG art. 30); empty uses the bundled "
            "core/data/processing_register.yaml.",
            "privacy",
        ),
        Variable(
            "VEILIGHEIDSBEELD_NATIONAL_TRENDS_DIR",
            "",
            "Folder with the national police trend files NL_Crime.csv and NL_Disorder.csv (StatLine 47025NED and "
            "47021NED yearly totals) for the national lines in reports; empty uses "
            "../shared/data/nl/politie-nl-trends-misdrijven-overlast-2012-2023 beside the checkout when present.",
            "reports",
        ),
        Variable(
            "VEILIGHEIDSBEELD_PROVINCIES",
            "",
            "The provincie of each gemeente for the comparison lines, as GMxxxx:PVnn pairs separated by spaces "
            "(e.g. GM0014:PV20); not needed where the area register links the gemeente to its provincie.",
            "reports",
        ),
        Variable(
            "VEILIGHEIDSBEELD_REGIONALE_EENHEDEN",
            "",
            "The politie regionale eenheid of each gemeente for the framework's E33 comparison (stad, regio, "
            "land), as GMxxxx:REnn pairs separated by spaces (e.g. GM0014:RE01).",
            "reports",
        ),
        Variable(
            "VEILIGHEIDSBEELD_FIELD_KEY",
            "",
            "Fernet key(s) that encrypt identifying fields at rest (BSN, names, addresses, organiser data); when "
            "empty, a key is generated into $VEILIGHEIDSBEELD_HOME/field_key on first use; "
            "several keys separated by commas rotate (the first encrypts). Prefer VEILIGHEIDSBEELD_FIELD_KEY_FILE, "
            "kept apart from the database and its backups. Never stored in the database.",
            "security",
        ),
        Variable(
            "VEILIGHEIDSBEELD_FIELD_KEY_FILE",
            "",
            "File holding the field encryption key(s) (e.g. a mounted secret); used when VEILIGHEIDSBEELD_FIELD_KEY "
            "is empty.",
            "security",
        ),
        Variable(
            "VEILIGHEIDSBEELD_BEVRIJDINGSDAG",
            "yearly",
            "Whether 5 May counts as a public holiday for legal deadlines: yearly (Algemene termijnenwet art. 3), "
            "lustrum (every fifth year) or never.",
            "deadlines",
        ),
        Variable(
            "VEILIGHEIDSBEELD_EXTRA_HOLIDAYS",
            "",
            "Extra non-working days for deadlines, comma-separated: ISO dates (2026-04-03) or MM-DD for every year "
            "(e.g. Goede Vrijdag where the gemeente's APV counts it).",
            "deadlines",
        ),
        Variable(
            "VEILIGHEIDSBEELD_PEER_GEMEENTEN",
            "",
            "Peer gemeenten for the comparison lines, as GMxxxx:GMyyyy,GMzzzz entries separated by spaces; empty "
            "compares with every registered gemeente of the same CBS size class (KWB inhabitants).",
            "reports",
        ),
        Variable(
            "VEILIGHEIDSBEELD_CBS_ODATA_URL",
            "https://dataderden.cbs.nl/ODataApi/odata",
            "CBS OData v3 catalog of third-party tables (the politie tables such as 47018NED) used by "
            "`veiligheidsbeeld fetch statline`.",
            "online sources",
        ),
        Variable(
            "VEILIGHEIDSBEELD_CBS_OPENDATA_URL",
            "https://opendata.cbs.nl/ODataApi/odata",
            "CBS OData v3 catalog of CBS's own tables (Kerncijfers wijken en buurten: regions and inhabitants) used "
            "by `veiligheidsbeeld fetch areas`.",
            "online sources",
        ),
        Variable(
            "VEILIGHEIDSBEELD_PDOK_URL",
            "https://api.pdok.nl/cbs",
            "PDOK base URL of the CBS wijken-en-buurten OGC API (boundaries as GeoJSON) used by "
            "`veiligheidsbeeld fetch areas`; the year's API is <url>/wijken-en-buurten-<year>/ogc/v1.",
            "online sources",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_RP_CLIENT_ID",
            "",
            "Client id of Veiligheidsbeeld at the organisation's OpenID Connect provider. Setting it turns on "
            "the optional 'Log in with your organisation account' (docs/how-to/oidc-login.md); the endpoint "
            "variables below are then required.",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_RP_CLIENT_SECRET",
            "",
            "Client secret at the OpenID Connect provider. Prefer VEILIGHEIDSBEELD_OIDC_RP_CLIENT_SECRET_FILE.",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_RP_CLIENT_SECRET_FILE",
            "",
            "File holding the client secret (e.g. a mounted secret); used when "
            "VEILIGHEIDSBEELD_OIDC_RP_CLIENT_SECRET is empty.",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_OP_ISSUER",
            "",
            "Issuer identifier of the provider (the `iss` of its ID tokens, e.g. "
            "https://login.microsoftonline.com/<tenant>/v2.0). When set, ID tokens of another issuer are refused.",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_OP_AUTHORIZATION_ENDPOINT",
            "",
            "The provider's authorization endpoint (from its .well-known/openid-configuration).",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_OP_TOKEN_ENDPOINT", "", "The provider's token endpoint.", "openid connect"
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_OP_USER_ENDPOINT", "", "The provider's userinfo endpoint.", "openid connect"
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_OP_JWKS_ENDPOINT",
            "",
            "The provider's JWKS endpoint (public keys that sign ID tokens); required for RS* and ES* algorithms.",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_RP_SIGN_ALGO",
            "RS256",
            "Algorithm the provider signs ID tokens with: RS256, RS384, RS512, ES256, ES384, ES512 or HS256 "
            "(HS256 uses the client secret as key). Tokens with another algorithm are refused.",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_RP_SCOPES",
            "openid email profile",
            "Space-separated scopes asked of the provider.",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_MATCH_ON",
            "username",
            "Which account field identifies the person: 'username' (compared with the claim named by "
            "VEILIGHEIDSBEELD_OIDC_USERNAME_CLAIM) or 'email' (compared, case-insensitively, with the "
            "VEILIGHEIDSBEELD_OIDC_EMAIL_CLAIM claim). Roles and gemeenten always come from the account, never "
            "from claims.",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_USERNAME_CLAIM",
            "preferred_username",
            "Claim holding the user name (e.g. preferred_username, upn or sub).",
            "openid connect",
        ),
        Variable("VEILIGHEIDSBEELD_OIDC_EMAIL_CLAIM", "email", "Claim holding the e-mail address.", "openid connect"),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_REQUIRE_EMAIL_VERIFIED",
            "true",
            "When matching on e-mail, require the claim email_verified to be true. Turn off only for a provider "
            "that issues the addresses itself and does not send email_verified.",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_CREATE_USERS",
            "false",
            "Create an account on the first log-in of someone the provider knows but Veiligheidsbeeld does not. "
            "New accounts get the read-only role 'publiek', no gemeenten, and the organisation named by "
            "VEILIGHEIDSBEELD_OIDC_NEW_USER_ORGANISATION; a beheerder grants more.",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_OIDC_NEW_USER_ORGANISATION",
            "",
            "Name of the existing organisation that accounts created at an OpenID Connect log-in belong to "
            "(required with VEILIGHEIDSBEELD_OIDC_CREATE_USERS).",
            "openid connect",
        ),
        Variable(
            "VEILIGHEIDSBEELD_TASK_BACKEND",
            "django_tasks_db.DatabaseBackend",
            "django-tasks backend of background tasks. The database backend needs `veiligheidsbeeld worker` "
            "running; django_tasks.backends.immediate.ImmediateBackend runs tasks at once, in the process that "
            "enqueues them.",
            "background tasks",
        ),
        Variable(
            "VEILIGHEIDSBEELD_RETENTION_INTERVAL_HOURS",
            "24",
            "Hours between scheduled retention runs: `veiligheidsbeeld worker` enqueues the retention task when "
            "the last one is older than this. 0 turns the schedule off.",
            "background tasks",
        ),
        Variable("LOG_LEVEL", "INFO", "Log level of the application loggers.", "general"),
    ]
}


def get(name: str, default: str | None = None) -> str:
    """Return the value of a documented variable (unknown names are a programming error)."""
    if name not in VARIABLES:
        raise KeyError("undocumented environment variable {!r}: add it to VARIABLES".format(name))
    value = os.environ.get(name)
    if value is None or value == "":
        return default if default is not None else VARIABLES[name].default
    return value


def get_bool(name: str, default: bool = False) -> bool:
    value = get(name, "true" if default else "false").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("{} must be true or false, not {!r}".format(name, value))


def get_secret(name: str) -> str:
    """A secret from ``name``, else from the file named by ``name + "_FILE"`` (both documented); "" when unset.

    Raises
    ------
    ValueError
        When the ``_FILE`` variable names a file that does not exist.
    """
    value = get(name)
    if value:
        return value
    file_name = get(name + "_FILE")
    if not file_name:
        return ""
    path = Path(file_name).expanduser()
    if not path.is_file():
        raise ValueError("{}_FILE: {} does not exist".format(name, path))
    return path.read_text(encoding="utf-8").strip()


def home() -> Path:
    """The data folder, created (with its parents) when missing; the folder itself mode 0700 (issue 15)."""
    path = Path(get("VEILIGHEIDSBEELD_HOME")).expanduser().resolve()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=0o700)
    return path


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 when missing (e.g. the SQLite database, before SQLite makes it 0644;
    SQLite gives its -wal and -shm files the database file's mode)."""
    import os

    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def secret_key(folder: Path) -> str:
    """``SECRET_KEY`` from the environment, else a key generated once into ``folder/secret_key`` (mode 0600)."""
    value = os.environ.get("SECRET_KEY")
    if value:
        return value
    path = folder / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def markdown() -> str:
    """The configuration reference (``docs/reference/configuration.md``), generated from :data:`VARIABLES`."""
    lines = [
        "# Configuration reference",
        "",
        "<!-- Generated by `python -m veiligheidsbeeld.conf.env > docs/reference/configuration.md`; a test keeps it "
        "current. -->",
        "",
        "Veiligheidsbeeld reads its configuration from environment variables only. Settings modules: "
        "`veiligheidsbeeld.conf.base` (default), `veiligheidsbeeld.conf.production` (adds HTTPS-only cookies and "
        "HSTS), `veiligheidsbeeld.conf.test`; choose one with `DJANGO_SETTINGS_MODULE`.",
        "",
    ]
    for group in sorted({v.group for v in VARIABLES.values()}):
        lines += ["## {}".format(group.capitalize()), "", "| variable | default | meaning |", "|---|---|---|"]
        for v in VARIABLES.values():
            if v.group == group:
                lines.append("| `{}` | `{}` | {} |".format(v.name, v.default, v.help_text.replace("|", "\\|")))
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(markdown(), end="")
