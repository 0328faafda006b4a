"""Reading a listing's page number from the query string, the same way on every page.

A page number goes into ``OFFSET``; one beyond what the database's integers hold (SQLite
raises ``OverflowError`` at 2**63) would end in a 500, and one beyond any real listing
only makes the database walk past rows for nothing. On readers' pages both are a typo
answered with 404 (a crawler must not see copies of page 1); the newsroom's own lists
show the nearest page instead, for a person clicking through them.
"""

from __future__ import annotations

from flask import abort, request

#: No listing shows more pages than this; a longer archive is reached by date or search.
MAX_PAGE = 10_000


def page_number(name: str = "page", last: int = MAX_PAGE, *, clamp: bool = False) -> int:
    """The page asked for in ``?<name>=``, 1 when absent or not a whole number.

    :param clamp: answer a number out of range with the nearest page (1 or *last*).
    :raises werkzeug.exceptions.NotFound: for a number below 1 or above *last*, unless
        *clamp* is set.
    """
    number = request.args.get(name, 1, type=int)
    if 1 <= number <= last:
        return number
    if clamp:
        return max(1, min(number, last))
    abort(404)
