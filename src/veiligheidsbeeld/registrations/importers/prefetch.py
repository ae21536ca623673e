"""Run an iterator one step ahead in a background thread, so converting the next chunk of a file overlaps with
storing the current one (the database work stays in the calling thread, on its own connection).

Only for iterators that do no database work: Django connections are per thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

__all__ = ["prefetch"]

T = TypeVar("T")
_DONE = object()


class _Failure:
    def __init__(self, exc: BaseException):
        self.exc = exc


def prefetch(items: Iterator[T], depth: int = 1) -> Iterator[T]:
    """Yield what ``items`` yields, producing up to ``depth`` items ahead in a daemon thread.

    An exception in the producer is raised here, at the item where it occurred; when the consumer stops early
    (an exception, or closing the generator), the producer stops at its next item.
    """
    ready: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(value) -> bool:
        while not stop.is_set():
            try:
                ready.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            put(_Failure(exc))
            return
        put(_DONE)

    thread = threading.Thread(target=produce, name="import-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            value = ready.get()
            if value is _DONE:
                return
            if isinstance(value, _Failure):
                raise value.exc
            yield value
    finally:
        stop.set()
        thread.join(timeout=5)
