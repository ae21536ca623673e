"""Load benchmark of the dashboard: concurrent users browse overview, priority, area profile and alert pages.

A locust run (headless, as a subprocess) against ``veiligheidsbeeld serve`` on 127.0.0.1 with the demo gemeente.
The whole run in one command, building the demo into a temporary ``VEILIGHEIDSBEELD_HOME``::

    .venv/bin/python benchmarks/bench_dashboard_load.py --build --users 50 --seconds 180 \\
        --output benchmarks/results/dashboard-load.md

or against a server that is already running (``--url``, with an account from ``veiligheidsbeeld demo --json``)::

    .venv/bin/python benchmarks/bench_dashboard_load.py --url http://127.0.0.1:8000 --user analist --password ...

How the users browse (the issue's target is p95 <= 150 ms and 0 errors over 3 minutes with 50 users):

* each simulated user logs in once (``on_start``) with one of the demo accounts (analist, beleidsadviseur,
  bestuur and ketenpartner in turn, so pages with and without disclosure control are both served), then
  repeats: pick a page, read it, wait 1-5 s (``--wait-min``/``--wait-max``, locust ``between``);
* pages and weights: overview 2, priority page 2 (half of them with another theme picked from the page), area
  profile of a random wijk 2 and of a random buurt 2, alert list 1, alert detail 1; a page with a map also
  fetches its GeoJSON as the browser does (reported as "map data");
* users start at ``--spawn-rate`` per second (log-ins are argon2-hashed on purpose, so slow); the measured
  window starts ``--settle`` seconds after the last log-in and lasts ``--seconds``: log-ins and the ramp-up are
  never in the figures (locust runs with ``--reset-stats`` as well);
* latencies are exact per request (locust's request event, full response read); an error is any failure, any
  status other than 200 and any redirect (a redirect would mean the session was lost).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent

#: Page kinds in the order of the report, with their weights in the browsing mix.
KINDS = {
    "overview": 2,
    "priority": 2,
    "area profile (wijk)": 2,
    "area profile (buurt)": 2,
    "alert list": 1,
    "alert detail": 1,
}
MAP_DATA = "map data"
LOGIN = "login"
TARGET_P95_MS = 150.0

GEOJSON_URL = re.compile(r'data-geojson-url="([^"]+)"')


# ---------------------------------------------------------------------------------------------------------------
# The locust side: this same file is the locustfile (the classes exist only when locust imports it).
# ---------------------------------------------------------------------------------------------------------------

if __name__ != "__main__" and os.environ.get("BENCH_PLAN"):
    import gevent
    from locust import FastHttpUser, between, events, task

    PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text(encoding="utf-8"))
    _STATE = {"logged_in": 0, "measure_from": None, "measure_until": None, "samples": []}

    @events.request.add_listener
    def _record(request_type, name, response_time, response_length, exception=None, start_time=None, **_kw):
        start, until = _STATE["measure_from"], _STATE["measure_until"]
        if name == LOGIN or start is None or start_time is None or start_time < start or start_time >= until:
            return
        _STATE["samples"].append((name, response_time, exception is None, start_time, str(exception or "")))

    @events.quitting.add_listener
    def _write(environment, **_kw):
        Path(PLAN["samples"]).write_text(
            json.dumps(
                {
                    "measure_from": _STATE["measure_from"],
                    "measure_until": _STATE["measure_until"],
                    "logged_in": _STATE["logged_in"],
                    "samples": _STATE["samples"],
                }
            ),
            encoding="utf-8",
        )

    def _all_logged_in(environment):
        """Start the measured window ``settle`` s after the last log-in; stop the run when it ends."""
        now = time.time()
        _STATE["measure_from"] = now + PLAN["settle"]
        _STATE["measure_until"] = _STATE["measure_from"] + PLAN["seconds"]
        gevent.spawn_later(PLAN["settle"] + PLAN["seconds"], environment.runner.quit)

    class DashboardUser(FastHttpUser):
        """A dashboard user: logs in once, then looks at a page, reads it, and goes on to the next."""

        wait_time = between(PLAN["wait_min"], PLAN["wait_max"])
        _number = 0

        def on_start(self):
            DashboardUser._number += 1
            accounts = PLAN["accounts"]
            self.account = accounts[(DashboardUser._number - 1) % len(accounts)]
            self.rng = random.Random(PLAN["seed"] + DashboardUser._number)
            page = self.client.get("/inloggen/", name=LOGIN)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            with self.client.post(
                "/inloggen/",
                data={"username": self.account["username"], "password": self.account["password"],
                      "csrfmiddlewaretoken": token, "next": "/"},
                headers={"Referer": self.host + "/inloggen/"},
                name=LOGIN,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 302 or "/inloggen/" in (response.headers.get("Location") or "/inloggen/"):
                    response.failure("log-in refused for {}".format(self.account["username"]))
                    gevent.spawn(self.environment.runner.quit)  # no measured window without every user
                    return
            _STATE["logged_in"] += 1
            if _STATE["logged_in"] == PLAN["users"]:
                _all_logged_in(self.environment)

        def _get(self, path: str, name: str) -> str:
            with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure("HTTP {} for {}".format(response.status_code, path))
                    return ""
                return response.text

        @task
        def browse(self):
            kind = self.rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
            path = self.rng.choice(PLAN["pages"][kind])
            text = self._get(path, kind)
            found = GEOJSON_URL.search(text)
            if found:
                self._get(html.unescape(found.group(1)), MAP_DATA)


# ---------------------------------------------------------------------------------------------------------------
# The driver: demo, server, page discovery, locust, report.
# ---------------------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: The benchmark measures pages, not the log-in: the built demo keeps the second factor for the roles that had it
#: before issue 15 only, so the analist, beleidsadviseur and bestuur accounts log in with their password.
_BENCH_ROLES = {"VEILIGHEIDSBEELD_OTP_REQUIRED_ROLES": "procesregisseur,fg,beheerder"}


def _build_demo(home: Path) -> dict:
    env = dict(os.environ, VEILIGHEIDSBEELD_HOME=str(home), **_BENCH_ROLES)
    env.pop("DATABASE_URL", None)
    started = time.monotonic()
    result = subprocess.run(
        [str(VENV_BIN / "veiligheidsbeeld"), "demo", "--no-serve", "--json"],
        env=env, capture_output=True, text=True, check=True,
    )
    demo = json.loads(result.stdout)
    demo["build_seconds"] = time.monotonic() - started
    return demo


def _serve(home: Path, port: int, workers: int, log: Path) -> subprocess.Popen:
    env = dict(os.environ, VEILIGHEIDSBEELD_HOME=str(home), **_BENCH_ROLES)
    env.pop("DATABASE_URL", None)
    with open(log, "wb") as handle:
        server = subprocess.Popen(
            [str(VENV_BIN / "veiligheidsbeeld"), "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", str(workers)],
            env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped; see {}".format(log))
        try:
            urllib.request.urlopen("http://127.0.0.1:{}/inloggen/".format(port), timeout=5).read()
            return server
        except OSError:
            time.sleep(0.5)
    _stop(server)
    raise SystemExit("the server did not answer within 2 minutes; see {}".format(log))


def _stop(server: subprocess.Popen) -> None:
    """Stop the gunicorn arbiter we started (and with it its workers)."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class _Browser:
    """A logged-in urllib session for discovering the pages to browse."""

    def __init__(self, base: str, account: dict):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        page = self.get("/inloggen/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": account["username"], "password": account["password"], "csrfmiddlewaretoken": token,
             "next": "/"}
        ).encode()
        request = urllib.request.Request(base + "/inloggen/", data=data, headers={"Referer": base + "/inloggen/"})
        response = self.opener.open(request, timeout=60)
        if "/inloggen/" in response.geturl():
            raise SystemExit("log-in failed for {}".format(account["username"]))

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=60).read().decode("utf-8")


def discover_pages(base: str, account: dict) -> dict[str, list[str]]:
    """Every page the users browse, found the way a person finds them: by following the dashboard's links."""
    browser = _Browser(base, account)
    overview = browser.get("/")
    priorities = sorted(set(re.findall(r'href="(/prioriteit/[^/"?]+/)', overview)))
    priority_pages = list(priorities)
    for path in priorities:  # another theme of the priority, as its theme table links it
        page = browser.get(path)
        themes = sorted(set(html.unescape(q) for q in re.findall(r'href="(\?[^"]*thema=[^"]+)"', page)))
        priority_pages += [path + query for query in themes[1:2]]
    geojson = html.unescape(GEOJSON_URL.search(overview).group(1)).split("?")[0]
    areas = {}
    for level in ("wijk", "buurt"):
        features = json.loads(browser.get("{}?niveau={}".format(geojson, level)))["features"]
        areas[level] = sorted("/gebieden/{}/".format(f["properties"]["code"]) for f in features)
    alerts = browser.get("/signalen/?status=alle")
    alert_pages = sorted(set(re.findall(r'href="(/signalen/[0-9]+/)"', alerts)))
    pages = {
        "overview": ["/"],
        "priority": priority_pages,
        "area profile (wijk)": areas["wijk"],
        "area profile (buurt)": areas["buurt"],
        "alert list": ["/signalen/"],
        "alert detail": alert_pages,
    }
    empty = [kind for kind, paths in pages.items() if not paths]
    if empty:
        raise SystemExit("no pages found for: {}".format(", ".join(empty)))
    return pages


def _percentile(values: list[float], q: float) -> float:
    """The q-th percentile, linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _loadavg() -> str:
    return " ".join("{:.2f}".format(v) for v in os.getloadavg())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def run_locust(base: str, plan: dict, workdir: Path, ramp_seconds: float) -> dict:
    plan_path = workdir / "plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    safety = int(ramp_seconds + 120 + plan["settle"] + plan["seconds"] * 1.5)
    command = [
        str(VENV_BIN / "locust"), "-f", str(Path(__file__).resolve()), "--headless",
        "--host", base, "--users", str(plan["users"]), "--spawn-rate", str(plan["spawn_rate"]),
        "--run-time", "{}s".format(safety), "--reset-stats", "--stop-timeout", "10", "--only-summary",
        "--csv", str(workdir / "locust"), "--loglevel", "WARNING",
    ]
    env = dict(os.environ, BENCH_PLAN=str(plan_path))
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    (workdir / "locust.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if not Path(plan["samples"]).exists():
        raise SystemExit("locust wrote no samples (exit {}); log:\n{}".format(result.returncode, result.stderr[-3000:]))
    data = json.loads(Path(plan["samples"]).read_text(encoding="utf-8"))
    data["locust_exit"] = result.returncode
    data["locust_command"] = (
        " ".join(command[1:]).replace(str(workdir), "<tmp>").replace(base, "<server>").replace(str(ROOT) + "/", "")
    )
    return data


def report(args, plan, data, machine, demo) -> str:
    samples = data["samples"]
    if not samples or data["measure_from"] is None:
        raise SystemExit("no requests in the measured window (were all users logged in? {} of {})".format(
            data.get("logged_in"), plan["users"]))
    window = data["measure_until"] - data["measure_from"]
    rows = []
    names = list(KINDS) + [MAP_DATA]
    for name in names + ["all requests"]:
        selected = [s for s in samples if name == "all requests" or s[0] == name]
        ok = [s[1] for s in selected if s[2]]
        errors = sum(1 for s in selected if not s[2])
        if not selected:
            continue
        rows.append(
            "| {} | {} | {} | {} | {} | {} | {} |".format(
                "**{}**".format(name) if name == "all requests" else name,
                len(selected),
                "{:.0f}".format(statistics.median(ok)) if ok else "–",
                "{:.0f}".format(_percentile(ok, 95)) if ok else "–",
                "{:.0f}".format(_percentile(ok, 99)) if ok else "–",
                "{:.0f}".format(max(ok)) if ok else "–",
                errors,
            )
        )
    all_ok = [s[1] for s in samples if s[2]]
    errors = [s for s in samples if not s[2]]
    over = [name for name in names if any(s[0] == name for s in samples)
            and _percentile([s[1] for s in samples if s[0] == name and s[2]] or [0], 95) > TARGET_P95_MS]
    met = not errors and not over and _percentile(all_ok, 95) <= TARGET_P95_MS
    error_kinds = sorted({s[4][:120] for s in errors})
    lines = [
        "# Dashboard load benchmark",
        "",
        "{} concurrent users browsing the demo gemeente Voorbeeldstad through `veiligheidsbeeld serve` "
        "(gunicorn, {} sync workers, SQLite) on 127.0.0.1, measured for {:.0f} s after all users had logged in.".format(
            plan["users"], args.workers, window),
        "",
        "Target (issue #5): p95 <= {:.0f} ms, 0 errors: **{}**{}.".format(
            TARGET_P95_MS, "met" if met else "not met",
            "" if met else " (p95 over target: {}; errors: {})".format(", ".join(over) or "none", len(errors))),
        "",
        "| page | requests | median ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "Throughput {:.1f} requests/s ({} requests in {:.0f} s); {} distinct page URLs; errors {}.".format(
            len(samples) / window, len(samples), window, sum(len(v) for v in plan["pages"].values()), len(errors)),
    ]
    if error_kinds:
        lines += ["", "Errors: " + "; ".join(error_kinds)]
    lines += [
        "",
        "## How it was measured",
        "",
        "- Command: `{}`{}.".format(machine["command"], " (demo built into a temporary VEILIGHEIDSBEELD_HOME in "
                                    "{:.0f} s)".format(demo["build_seconds"]) if demo else ""),
        "- Locust {} (headless, one process on the same machine as the server): `locust {}`.".format(
            machine["locust"], data["locust_command"]),
        "- Users: {} at {} per second, each logged in once (`on_start`) with one of {} in turn; log-ins and "
        "ramp-up are outside the measured window, which starts {} s after the last log-in.".format(
            plan["users"], plan["spawn_rate"], ", ".join(a["role"] for a in plan["accounts"]), plan["settle"]),
        "- Think time: locust `between({}, {})` seconds after each page view. A person reading a dashboard page "
        "takes seconds, not milliseconds, so users without think time would each act like dozens of people; "
        "1-5 s is on the quick side for reading a table or map (so a heavier load than typical use) and gives "
        "about {:.0f} page views per second for {} users.".format(
            plan["wait_min"], plan["wait_max"], plan["users"] / ((plan["wait_min"] + plan["wait_max"]) / 2.0), plan["users"]),
        "- Mix per page view (weights): {}; pages with a map also fetch its GeoJSON (\"map data\"), as the "
        "browser does. Static files are not requested (a browser caches them).".format(
            ", ".join("{} {}".format(k, w) for k, w in KINDS.items())),
        "- Latency: exact per request from locust's request event (time to the full response), percentiles by "
        "linear interpolation. An error is a failed request, a status other than 200 or a redirect.",
        "- Caches start cold: the server is started fresh; each of its workers loads the run's arrays on its "
        "first request and caches chart specifications, map data and rendered figure fragments (per run, page "
        "state and disclosure policy) as pages are visited, in its own memory (Django's default local-memory "
        "cache).",
        "",
        "## Machine",
        "",
        "- {} CPU(s) (`nproc` {}), {}; {} {}; Python {}.".format(
            os.cpu_count(), machine["nproc"], machine["cpu"], platform.system(), platform.release(),
            platform.python_version()),
        "- Load average (1, 5, 15 min) before: {}; after: {}. Other work on the machine during the run is "
        "not controlled (a shared development machine).".format(machine["load_before"], machine["load_after"]),
        "- Date: {}.".format(machine["date"]),
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--build", action="store_true", help="Build the demo into a temporary home and serve it.")
    where.add_argument("--home", help="Serve this VEILIGHEIDSBEELD_HOME (demo already built; needs --password).")
    where.add_argument("--url", help="Use a running server (needs --user and --password).")
    parser.add_argument("--user", default="analist")
    parser.add_argument("--password", help="Password of --user (all users then log in with this account).")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers of the server we start (3).")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="Users started per second (2).")
    parser.add_argument("--seconds", type=float, default=180.0, help="Length of the measured window (180).")
    parser.add_argument("--settle", type=float, default=10.0, help="Seconds between the last log-in and the "
                        "start of the measured window (10).")
    parser.add_argument("--wait-min", type=float, default=1.0)
    parser.add_argument("--wait-max", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--output", help="Markdown file for the results, e.g. benchmarks/results/dashboard-load.md")
    parser.add_argument("--append", action="store_true", help="Add this run to --output below the runs already "
                        "in it (its heading one level down) instead of replacing the file.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder (logs, samples, demo).")
    args = parser.parse_args(argv)
    if not (args.build or args.home or args.url):
        parser.error("one of --build, --home or --url is required")
    if (args.url or args.home) and not args.password:
        parser.error("--url and --home need --password")

    workdir = Path(tempfile.mkdtemp(prefix="vb-load-"))
    server = None
    demo = None
    try:
        if args.url:
            base = args.url.rstrip("/")
        else:
            home = workdir / "home" if args.build else Path(args.home)
            if args.build:
                print("building the demo into {} ...".format(home), file=sys.stderr)
                demo = _build_demo(home)
            port = _free_port()
            print("starting veiligheidsbeeld serve on port {} ...".format(port), file=sys.stderr)
            server = _serve(home, port, args.workers, workdir / "server.log")
            base = "http://127.0.0.1:{}".format(port)
        if args.password:
            accounts = [{"username": args.user, "password": args.password, "role": args.user}]
        else:  # --build: the demo's accounts without TOTP
            accounts = [a for a in demo["accounts"] if "otpauth" not in a]
        print("discovering pages ...", file=sys.stderr)
        pages = discover_pages(base, accounts[0])
        plan = {
            "users": args.users, "spawn_rate": args.spawn_rate, "seconds": args.seconds, "settle": args.settle,
            "wait_min": args.wait_min, "wait_max": args.wait_max, "seed": args.seed, "accounts": accounts,
            "pages": pages, "samples": str(workdir / "samples.json"),
        }
        load_before = _loadavg()
        print("running locust: {} users, {} s measured ...".format(args.users, args.seconds), file=sys.stderr)
        data = run_locust(base, plan, workdir, args.users / args.spawn_rate)
        load_after = _loadavg()
    finally:
        if server is not None:
            _stop(server)
    locust_version = subprocess.run(
        [str(VENV_BIN / "locust"), "--version"], capture_output=True, text=True
    ).stdout.split()[1:2]
    given = list(argv if argv is not None else sys.argv[1:])  # the password never goes into the report
    shown_args = ["--password=***" if a.startswith("--password=") else "***" if previous == "--password" else a
                  for previous, a in zip([""] + given, given)]
    machine = {
        "command": "python benchmarks/bench_dashboard_load.py " + " ".join(shown_args),
        "nproc": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or "?",
        "cpu": _cpu_model(),
        "locust": locust_version[0] if locust_version else "?",
        "load_before": load_before,
        "load_after": load_after,
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }
    text = report(args, plan, data, machine, demo)
    print(text)
    if args.output:
        output = Path(args.output)
        if args.append and output.exists():
            run = text.replace("# Dashboard load benchmark", "## Run of {}".format(machine["date"]), 1)
            run = run.replace("\n## ", "\n### ")  # its own sections one level down
            text = output.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + run
        output.write_text(text, encoding="utf-8")
    if args.keep:
        print("kept {}".format(workdir), file=sys.stderr)
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
