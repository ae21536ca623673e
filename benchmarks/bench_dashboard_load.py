"""Load benchmark of the dashboard: N concurrent users browse overview, priority, area profile and alert pages.

A small threaded client (standard library only) against a running ``veiligheidsbeeld serve`` with the demo::

    VEILIGHEIDSBEELD_HOME=/tmp/demo veiligheidsbeeld demo --no-serve
    VEILIGHEIDSBEELD_HOME=/tmp/demo veiligheidsbeeld serve --port 8020
    python benchmarks/bench_dashboard_load.py --url http://127.0.0.1:8020 --user analist --password ... \
        --users 50 --seconds 180 --output benchmarks/results/dashboard-load.md

Every user logs in once (its own session), then requests pages in a loop without think time; latency is
measured per request (full response read). Target: p95 <= 150 ms and 0 errors.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import platform
import random
import re
import statistics
import threading
import time
import urllib.parse
import urllib.request

__all__ = ["main"]


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def _login(base: str, user: str, password: str):
    opener, jar = _opener()
    html = opener.open(base + "/inloggen/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"username": user, "password": password, "csrfmiddlewaretoken": token, "next": "/"})
    request = urllib.request.Request(base + "/inloggen/", data=data.encode(), headers={"Referer": base + "/inloggen/"})
    response = opener.open(request, timeout=30)
    if "/inloggen/" in response.geturl():
        raise SystemExit("login failed for {}".format(user))
    return opener


def _pages(base: str, opener) -> list[str]:
    """The URLs to browse: overview, every priority/theme group page, wijk profiles and alert pages."""
    html = opener.open(base + "/", timeout=30).read().decode()
    priorities = sorted(set(re.findall(r'href="(/prioriteit/[^/"]+/)', html)))
    wijken = sorted(set(re.findall(r'href="(/gebieden/WK[0-9]+/)', html)))
    alerts_html = opener.open(base + "/signalen/?status=alle", timeout=30).read().decode()
    alerts = sorted(set(re.findall(r'href="(/signalen/[0-9]+/)"', alerts_html)))
    return ["/", "/signalen/"] + priorities + wijken + alerts


def _user(base, user, password, deadline, pages, latencies, errors, lock, seed):
    rng = random.Random(seed)
    opener = _login(base, user, password)
    while time.monotonic() < deadline:
        path = rng.choice(pages)
        start = time.perf_counter()
        try:
            response = opener.open(base + path, timeout=30)
            response.read()
            ok = response.status == 200
        except Exception as error:  # noqa: BLE001 (every failure counts as an error)
            ok, path = False, "{} ({})".format(path, error)
        elapsed = (time.perf_counter() - start) * 1000.0
        with lock:
            if ok:
                latencies.append((path, elapsed))
            else:
                errors.append(path)


def _percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100.0 * (len(ordered) - 1))))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8020")
    parser.add_argument("--user", default="analist")
    parser.add_argument("--password", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--output")
    args = parser.parse_args(argv)
    pages = _pages(args.url, _login(args.url, args.user, args.password))
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + args.seconds
    threads = [
        threading.Thread(
            target=_user, args=(args.url, args.user, args.password, deadline, pages, latencies, errors, lock, k)
        )
        for k in range(args.users)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    times = [ms for _path, ms in latencies]
    kinds = {"overview": "/", "priority": "/prioriteit/", "area profile": "/gebieden/", "alerts": "/signalen/"}
    lines = [
        "# Dashboard load benchmark",
        "",
        "`python benchmarks/bench_dashboard_load.py --users {} --seconds {:.0f}` against `veiligheidsbeeld serve` "
        "(gunicorn, 3 workers) with the demo gemeente, on {} ({}).".format(
            args.users, args.seconds, platform.node() or "this machine", platform.python_version()
        ),
        "",
        "| pages | requests | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, prefix in kinds.items():
        selected = [ms for path, ms in latencies if (path == "/" if prefix == "/" else path.startswith(prefix))]
        if selected:
            lines.append("| {} | {} | {:.0f} | {:.0f} | {:.0f} | {:.0f} |".format(
                kind, len(selected), statistics.median(selected), _percentile(selected, 95),
                _percentile(selected, 99), max(selected)))
    if times:
        lines.append("| **all** | {} | {:.0f} | {:.0f} | {:.0f} | {:.0f} |".format(
            len(times), statistics.median(times), _percentile(times, 95), _percentile(times, 99), max(times)))
    lines += [
        "",
        "Throughput {:.0f} requests/s over {:.0f} s; errors: {}; {} distinct pages.".format(
            len(times) / duration, duration, len(errors), len(pages)),
        "Target: p95 <= 150 ms, 0 errors: **{}**.".format(
            "met" if times and _percentile(times, 95) <= 150 and not errors else "not met"),
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(report)


if __name__ == "__main__":
    main()
