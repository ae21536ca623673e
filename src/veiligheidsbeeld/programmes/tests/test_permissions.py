import pytest
import rules
from django.urls import reverse

from veiligheidsbeeld.programmes.models import Measure
from veiligheidsbeeld.programmes.permissions import visible_measures

from .factories import measure, organisation, programme_for, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(small_gemeente):
    programme = programme_for(small_gemeente)
    gemeente_org = organisation(small_gemeente, "Gemeente Proefdorp")
    politie = organisation(small_gemeente, "Politie Proefdorp", "politie")
    wij = organisation(small_gemeente, "WIJ Proefdorp", "wij")
    zvh = organisation(small_gemeente, "ZVH Proefdorp", "zvh")
    owned = measure(programme, politie, title="politie eigenaar")
    partnered = measure(programme, gemeente_org, partners=[politie, wij], title="politie partner")
    other = measure(programme, wij, partners=[zvh], title="zonder politie")
    users = {
        role: user(small_gemeente, role, role, politie if role == "ketenpartner" else gemeente_org)
        for role in ("beleidsadviseur", "bestuur", "analist", "ketenpartner", "publiek")
    }
    return {"programme": programme, "users": users, "measures": (owned, partnered, other)}


# role, may edit, sees measures
ROLES = [
    ("beleidsadviseur", True, {"politie eigenaar", "politie partner", "zonder politie"}),
    ("bestuur", False, {"politie eigenaar", "politie partner", "zonder politie"}),
    ("analist", False, {"politie eigenaar", "politie partner", "zonder politie"}),
    ("ketenpartner", False, {"politie eigenaar", "politie partner"}),
    ("publiek", False, set()),
]


@pytest.mark.parametrize("role,edits,sees", ROLES)
def test_permissions_per_role(setting, small_gemeente, role, edits, sees):
    u = setting["users"][role]
    assert rules.has_perm("programmes.change_programme", u, small_gemeente) is edits
    assert {m.title for m in visible_measures(u, Measure.objects.all())} == sees
    assert {m.title for m in setting["measures"] if rules.has_perm("programmes.view_measure", u, m)} == sees


def test_other_gemeente_is_not_visible(setting, django_user_model):
    from veiligheidsbeeld.core.models import Gemeente

    elsewhere = Gemeente.objects.create(code="GM0998", name="Elders")
    u = user(elsewhere, "elders", "beleidsadviseur", organisation(elsewhere, "Gemeente Elders"))
    assert not visible_measures(u, Measure.objects.all()).exists()
    assert not rules.has_perm("programmes.change_programme", u, setting["programme"].gemeente)


def test_views_and_api_follow_the_roles(setting, client):
    owned, partnered, other = setting["measures"]
    client.force_login(setting["users"]["ketenpartner"])
    assert client.get(reverse("programmes:measure", args=[other.pk])).status_code == 404
    page = client.get(reverse("programmes:programme")).content.decode()
    assert "politie eigenaar" in page and "zonder politie" not in page
    titles = {m["title"] for m in client.get("/api/measures/").json()}
    assert titles == {"politie eigenaar", "politie partner"}
    response = client.post(reverse("programmes:measure", args=[owned.pk]), {"form": "status", "status": "lopend"})
    assert response.status_code == 403
    assert client.post("/api/budgets/", {"measure": owned.pk, "year": 2022, "source": "regulier",
                                         "planned": 1, "spent": 0}).status_code == 403

    client.force_login(setting["users"]["bestuur"])
    assert client.get(reverse("programmes:measure", args=[other.pk])).status_code == 200
    assert client.post(f"/api/measures/{other.pk}/transition/", {"status": "lopend"}).status_code == 403

    client.force_login(setting["users"]["beleidsadviseur"])
    response = client.post(reverse("programmes:measure", args=[other.pk]), {"form": "status", "status": "lopend"})
    assert response.status_code == 302
    assert client.post(f"/api/measures/{other.pk}/transition/", {"status": "gepland"}).status_code == 400
    response = client.post("/api/budgets/", {"measure": other.pk, "year": 2022, "source": "regulier",
                                             "planned": "10.00", "spent": "5.00"})
    assert response.status_code == 201 and response.json()["planned"] == "10.00"
    for name in ("programmes:budgets", "programmes:estimate", "frameworks:framework", "frameworks:versions",
                 "frameworks:change"):
        assert client.get(reverse(name)).status_code == 200, name
    html = client.get(reverse("programmes:estimate"), {"cost_per_person_per_year": 15000, "years": 4, "low": 10,
                                                       "middle": 20, "high": 30}).content.decode()
    assert "1.200.000" in html  # 15,000 x 20 x 4


def test_partners_are_told_what_they_see(setting, client):
    """A ketenpartner sees 2 of the 3 measures, and the budget of those 2: both pages say so; the bestuur sees
    the whole programme and no notice."""
    client.force_login(setting["users"]["ketenpartner"])
    notice = "U ziet 2 van de 3 maatregelen: die waarvan uw organisatie eigenaar of partner is."
    page = client.get(reverse("programmes:programme")).content.decode()
    assert notice in page and "KPI" in page[page.index(notice):page.index(notice) + 300]
    page = client.get(reverse("programmes:budgets")).content.decode()
    assert notice + " Het budget en de totalen zijn alleen die van deze maatregelen" in page
    client.force_login(setting["users"]["bestuur"])
    for name in ("programmes:programme", "programmes:budgets"):
        assert "vb-filter-notice" not in client.get(reverse(name)).content.decode()
