"""The one time limit a Whoosh search runs under (``SEARCH_TIME_LIMIT``).

Every step of a search (matching, ranking, "Did you mean") checks the same deadline, so
the page is answered in time with what was found by then.
"""

from __future__ import annotations

import time


class Deadline:
    """A moment ``seconds`` from now, on the monotonic clock (wall-clock jumps ignored)."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.end
