"""The base map's tile service and the Content-Security-Policy (issue 21, item 6): off by default, for closed
networks, with no other origin in the policy; when VEILIGHEIDSBEELD_TILE_URL is set, its origin and nothing else
is added to img-src, and the map gets the URL and the attribution."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from veiligheidsbeeld.conf.csp import content_security_policy, tile_attribution, tile_origin

PDOK = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"


def directives(header: str) -> dict[str, list[str]]:
    parts = (d.strip().split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def test_default_policy_allows_no_other_origin():
    policy = content_security_policy("")["DIRECTIVES"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert all(not value.startswith("http") for values in policy.values() for value in values)


def test_tile_url_adds_its_origin_to_img_src_only():
    policy = content_security_policy(PDOK)["DIRECTIVES"]
    assert policy["img-src"] == ["'self'", "data:", "https://service.pdok.nl"]
    others = {k: v for k, v in policy.items() if k != "img-src"}
    assert others == {k: v for k, v in content_security_policy("")["DIRECTIVES"].items() if k != "img-src"}


@pytest.mark.parametrize("url", ["service.pdok.nl/{z}/{x}/{y}.png", "javascript:alert(1)//{z}/{x}/{y}",
                                 "https://tiles.example.nl/wmts.png", "ftp://tiles.example.nl/{z}/{x}/{y}"])
def test_a_wrong_tile_url_stops_the_start(url):
    with pytest.raises(ImproperlyConfigured, match="VEILIGHEIDSBEELD_TILE_URL"):
        content_security_policy(url)


def test_origin_keeps_the_port_and_the_attribution_is_known_for_pdok():
    assert tile_origin("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png") == "http://127.0.0.1:8080"
    assert "Kadaster" in tile_attribution(PDOK)
    assert tile_attribution("https://tiles.example.nl/{z}/{x}/{y}.png") == ""
    assert tile_attribution(PDOK, "© eigen kaart") == "© eigen kaart"


@pytest.mark.django_db
def test_pages_without_the_setting_have_no_base_map(logged_in, analysed):
    response = logged_in.get(reverse("dashboard:overview"))
    assert directives(response["Content-Security-Policy"])["img-src"] == ["'self'", "data:"]
    assert 'data-basemap-url=""' in response.content.decode()


@pytest.mark.django_db
def test_pages_with_the_setting_allow_and_draw_the_tiles(logged_in, analysed):
    with override_settings(TILE_URL=PDOK, TILE_ATTRIBUTION=tile_attribution(PDOK),
                           CONTENT_SECURITY_POLICY=content_security_policy(PDOK)):
        response = logged_in.get(reverse("dashboard:overview"))
    assert directives(response["Content-Security-Policy"])["img-src"] == ["'self'", "data:", "https://service.pdok.nl"]
    html = response.content.decode()
    assert 'data-basemap-url="{}"'.format(PDOK) in html and "Kadaster" in html


@pytest.mark.parametrize("variables, img_src", [
    ({}, ["'self'", "data:"]),
    ({"VEILIGHEIDSBEELD_TILE_URL": PDOK}, ["'self'", "data:", "https://service.pdok.nl"]),
    ({"VEILIGHEIDSBEELD_BASEMAP_URL": "https://tiles.example.nl/{z}/{x}/{y}.png"},  # the older name still works
     ["'self'", "data:", "https://tiles.example.nl"]),
])
def test_the_environment_variable_reaches_the_settings(tmp_path, variables, img_src):
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("VEILIGHEIDSBEELD_TILE_URL", "VEILIGHEIDSBEELD_BASEMAP_URL")}
    environment.update(variables, DJANGO_SETTINGS_MODULE="veiligheidsbeeld.conf.base",
                       VEILIGHEIDSBEELD_HOME=str(tmp_path))
    code = ("import json, django; from django.conf import settings; django.setup(); "
            "print(json.dumps([settings.TILE_URL, settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))")
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    tile_url, seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == img_src and bool(tile_url) == bool(variables)
