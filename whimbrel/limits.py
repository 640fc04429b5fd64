"""Resource limits on one article: how much of its text is analysed, how long a stage may spend on it.

Every input is hostile, and so is every *article*: a whole site pasted into one JSON line, a 150,000-word
"sentence", a text that drives some rule into quadratic time. Two limits keep one such article from
stalling a run (the input size cap, ``WHIMBREL_MAX_BYTES``, is applied earlier, by ingest):

1. ``WHIMBREL_MAX_ARTICLE_CHARS`` (200,000): only the first that many characters are analysed, cut back
   to the last paragraph break, else sentence end, else space in the final fifth (so no sentence is
   analysed half). ``article.text`` stays whole and every offset still points into it (the analysed part
   is a prefix); the record carries a ``warnings`` entry ``{"kind": "truncated", ...}``;
2. ``WHIMBREL_ARTICLE_TIMEOUT`` (60 s): a stage that spends longer on one article gives up on it with
   :class:`~whimbrel.errors.StageTimeoutError`; it becomes a Failure (stage, ``StageTimeoutError``,
   "took longer than ...") in the ``errors`` table and the run goes on with the next article.

How the time limit is enforced: a ``SIGALRM`` timer (:func:`deadline`) that raises inside the stage's
Python code, and rings again every quarter second until the stage has stopped (a signal that lands in a
garbage-collector callback is dropped by the interpreter). Python's regular-expression engine checks for
signals, so a runaway regex is stopped too.
Code inside a C extension that never returns to the interpreter cannot be interrupted this way; the
character cap bounds how much work such code is given. Signals exist only in the main thread of a
process (where ``whimbrel process`` and its worker processes run stages): elsewhere (a server thread) and
on platforms without ``SIGALRM`` the timer is off and only the character cap applies.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from whimbrel.errors import StageTimeoutError

__all__ = ["analysed_length", "deadline", "timer_available"]

# A cut is moved back to a natural boundary only within the final fifth of the allowance.
_BOUNDARY_WINDOW = 0.2
_RING_AGAIN = 0.25  # seconds between two signals once a deadline has passed


def analysed_length(text: str, max_chars: int) -> int:
    """How many leading characters of ``text`` to analyse: all of it when it fits, else a cut at or
    before ``max_chars``, at the last paragraph break, sentence end or space in the final fifth."""
    if len(text) <= max_chars:
        return len(text)
    floor = int(max_chars * (1 - _BOUNDARY_WINDOW))
    for marks in (("\n\n",), (". ", "? ", "! ", ".\n", "?\n", "!\n", "\n"), (" ", "\t")):
        at = max(text.rfind(m, floor, max_chars) for m in marks)
        if at >= floor:
            # keep the mark itself (a sentence's full stop), never the whitespace after it
            return at + (1 if marks[0] != "\n\n" and text[at] in ".?!" else 0)
    return max_chars


class _Expired(BaseException):
    """Raised by the timer. A BaseException, so that the ``except Exception`` clauses of libraries
    (dateparser, trafilatura) cannot swallow it: the stage really stops; :func:`deadline` turns it into
    a :class:`StageTimeoutError` at the boundary it guards."""


def timer_available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float | None, *, stage: str, where: str | None = None,
             limit: float | None = None) -> Iterator[None]:
    """Raise :class:`StageTimeoutError` when the block runs longer than ``seconds`` (None or 0: no limit).
    ``limit`` is the per-article limit named in the message (the batch budget of a batched stage is
    ``seconds``). Nested use is not supported: the pipeline arms one timer at a time."""
    if not seconds or seconds <= 0 or not timer_available():
        yield
        return
    state = {"armed": True}

    def expire(signum: int, frame: Any) -> None:
        if state["armed"]:
            raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    # After the deadline the timer keeps ringing every quarter second: the signal may land where an exception
    # is swallowed (a garbage-collector callback, a __del__: "Exception ignored in ..."), and must come again.
    signal.setitimer(signal.ITIMER_REAL, seconds, _RING_AGAIN)
    try:
        yield
    except _Expired:
        state["armed"] = False
        shown = limit if limit is not None else seconds
        raise StageTimeoutError(
            f"took longer than {shown:g} s in the {stage} stage (limit: WHIMBREL_ARTICLE_TIMEOUT); skipped",
            stage=stage, where=where) from None
    finally:
        state["armed"] = False  # a signal landing from here on is ignored, never raised in cleanup
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
