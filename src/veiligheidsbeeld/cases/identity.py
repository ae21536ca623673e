"""Pseudonyms of the persons concerned: the keyed hash of :mod:`veiligheidsbeeld.core.pseudonyms`.

The key is ``VEILIGHEIDSBEELD_PSEUDONYM_KEY(_FILE)``, or without it the key generated into the data folder (see
:func:`veiligheidsbeeld.core.pseudonyms.key_from_settings`): never in the database.
"""

from __future__ import annotations

from veiligheidsbeeld.core.pseudonyms import normalise_bsn, pseudonym_for_bsn

__all__ = ["normalise_bsn", "pseudonym"]


def pseudonym(bsn: str) -> str:
    """The keyed pseudonym of a BSN; raises ValueError when the BSN fails the eleven test."""
    return pseudonym_for_bsn(bsn)
