"""Partners know what they see (issue 20, item 4): the ketenpartner's programme and budget pages say that they
show the measures of its organisation, "x van y"; axe-core (WCAG 2.1 AA) on both."""

import pytest

from veiligheidsbeeld.programmes.tests.factories import measure, organisation, programme_for, user

from .conftest import log_in
from .test_pages import assert_accessible

pytestmark = pytest.mark.browser


def test_the_partner_is_told_it_sees_its_own_measures(page, live_server, small_gemeente, axe_source):
    programme = programme_for(small_gemeente)
    politie = organisation(small_gemeente, "Politie Proefdorp", "politie")
    wij = organisation(small_gemeente, "WIJ Proefdorp", "wij")
    measure(programme, politie, title="Cameratoezicht uitgaansgebied")
    for k in range(3):
        measure(programme, wij, title="Huisbezoeken {}".format(k))
    user(small_gemeente, "politie", "ketenpartner", politie)
    log_in(page, live_server, "politie")
    for name, url in (("programme-partner", "/programma/"), ("budgets-partner", "/programma/begroting/")):
        page.goto(live_server.url + url)
        notice = page.get_by_role("note").filter(has_text="Een selectie")
        assert "U ziet 1 van de 4 maatregelen" in notice.inner_text()
        assert_accessible(page, axe_source, name)
    assert not page.errors, page.errors
