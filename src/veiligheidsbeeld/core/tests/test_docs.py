"""Generated reference docs are current (like Datasette's cog check)."""

from veiligheidsbeeld.core import clidocs


def test_cli_reference_is_current():
    assert clidocs.DOC_PATH.read_text() == clidocs.markdown(), (
        'regenerate: veiligheidsbeeld shell -c "from veiligheidsbeeld.core.clidocs import write; write()"'
    )


def test_openapi_reference_is_current():
    from veiligheidsbeeld.core import openapi

    assert openapi.DOC_PATH.read_text(encoding="utf-8") == openapi.yaml(), (
        "the API changed: regenerate with `python -m veiligheidsbeeld.core.openapi` and commit "
        "docs/reference/openapi.yaml"
    )


def test_openapi_reference_matches_the_served_schema(client, db):
    import yaml

    from veiligheidsbeeld.core import openapi

    served = yaml.safe_load(client.get("/api/schema/").content)
    committed = yaml.safe_load(openapi.DOC_PATH.read_text(encoding="utf-8"))
    assert set(served["paths"]) == set(committed["paths"]) and served["paths"]
    for path, operations in served["paths"].items():
        assert set(operations) == set(committed["paths"][path]), path
