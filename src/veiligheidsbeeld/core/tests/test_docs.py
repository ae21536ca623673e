"""Generated reference docs are current (like Datasette's cog check)."""

from veiligheidsbeeld.core import clidocs


def test_cli_reference_is_current():
    assert clidocs.DOC_PATH.read_text() == clidocs.markdown(), (
        'regenerate: veiligheidsbeeld shell -c "from veiligheidsbeeld.core.clidocs import write; write()"'
    )
