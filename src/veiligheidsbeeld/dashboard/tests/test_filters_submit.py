"""Filters submit by their button only (issue 21, item 7; WCAG 3.2.2 On Input): moving through a select's options
with the arrow keys must not reload the page. The browser side is in tests/browser/test_mobile_and_map.py."""

from pathlib import Path

import pytest
from django.urls import reverse

import veiligheidsbeeld

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, args, params", [
    ("dashboard:overview", [], {}),
    ("dashboard:priority", ["hic"], {}),
    ("dashboard:alerts", [], {}),
    ("dashboard:area-profile", ["WK099901"], {"thema": "woninginbraak"}),
])
def test_filter_forms_have_a_button_and_no_change_trigger(logged_in, analysed, name, args, params):
    html = logged_in.get(reverse(name, args=args), params).content.decode()
    form = html[html.index('<form class="vb-filters'):]
    form = form[: form.index("</form>")]
    assert "<select" in form
    assert 'hx-trigger="change"' not in form and "vb-autosubmit" not in form and "<noscript>" not in form
    assert '<button type="submit"' in form


def test_no_script_submits_on_change():
    app = (Path(veiligheidsbeeld.__file__).parent / "core/static/veiligheidsbeeld/app.js").read_text()
    assert "requestSubmit" not in app and 'addEventListener("change"' not in app
