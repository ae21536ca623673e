"""Test helpers: locate the real public data in ``../shared/data`` beside the checkout.

The data are never copied into the repository (see ``../shared/data/README.md``); tests read them at run time and
skip when they are absent, e.g. in a fresh clone elsewhere.
"""

import os
from pathlib import Path

import pytest

__all__ = ["SHARED_DATA_ENV", "require_shared_data", "shared_data"]

#: Environment variable overriding the shared data directory.
SHARED_DATA_ENV = "VEILIGHEIDSBEELD_SHARED_DATA"
_REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_data(*parts: str) -> Path:
    """Return a path inside the shared data directory (which may not exist).

    The directory is ``$VEILIGHEIDSBEELD_SHARED_DATA`` when set, else ``<repo>/../shared/data``.

    Examples
    --------
    >>> shared_data("nl", "pdok-cbs-wijken-gemeenten-geojson").name
    'pdok-cbs-wijken-gemeenten-geojson'
    """
    root = os.environ.get(SHARED_DATA_ENV)
    base = Path(root) if root else _REPO_ROOT.parent / "shared" / "data"
    return base.joinpath(*parts)


def require_shared_data(*parts: str) -> Path:
    """Return :func:`shared_data` of ``parts``, or skip the calling test when that path does not exist."""
    path = shared_data(*parts)
    if not path.exists():
        pytest.skip(f"../shared/data not present: {path} is missing (set {SHARED_DATA_ENV} to its location)")
    return path
