"""HTTP GET of JSON documents for the online sources, with one clear error when a source cannot be reached.

Connection refused, a failed DNS lookup, a timeout, an HTTP error status or a body that is not JSON all raise
:class:`FetchError`, naming the URL and suggesting the file import that does the same offline.
"""

from __future__ import annotations

from urllib.parse import unquote_plus

import httpx

__all__ = ["TIMEOUT", "FetchError", "get_json"]

#: Seconds to wait for a connection or a response.
TIMEOUT = 30.0


class FetchError(RuntimeError):
    """An online source could not be read; the message names the URL, the reason and the offline alternative."""

    def __init__(self, url: str, reason: str, hint: str):
        self.url, self.reason, self.hint = url, reason, hint
        super().__init__(f"could not fetch {url}: {reason}. {hint}")


def get_json(client: httpx.Client, url: str, *, params: dict | None = None, hint: str) -> dict:
    """Return the JSON object at ``url``.

    Parameters
    ----------
    client : httpx.Client
    url : str
        Absolute URL (a ``next`` link may carry its own query string; then pass no ``params``).
    params : dict, optional
        Query parameters.
    hint : str
        What to do instead, for the error message (e.g. the file import command).

    Raises
    ------
    FetchError
        When the server cannot be reached, answers with an error status, or does not send a JSON object.
    """
    shown = unquote_plus(str(httpx.URL(url, params=params))) if params else url
    try:
        response = client.get(url, params=params)
        response.raise_for_status()
    except httpx.TimeoutException:
        raise FetchError(shown, f"no answer within {_timeout(client):g} s (timeout)", hint) from None
    except httpx.ConnectError as error:
        raise FetchError(shown, f"cannot connect ({error}): offline, or the service is down", hint) from None
    except httpx.HTTPStatusError as error:
        raise FetchError(shown, f"the server answered HTTP {error.response.status_code}", hint) from None
    except httpx.HTTPError as error:
        raise FetchError(shown, f"{type(error).__name__} ({error})", hint) from None
    try:
        data = response.json()
    except ValueError:
        raise FetchError(shown, "the answer is not JSON", hint) from None
    if not isinstance(data, dict):
        raise FetchError(shown, "the answer is not a JSON object", hint)
    return data


def _timeout(client: httpx.Client) -> float:
    return client.timeout.read or client.timeout.connect or 0
