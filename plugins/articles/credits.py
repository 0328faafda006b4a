"""A photo credit as the newsroom types it and as readers see it.

Pages write the credit after their own "Foto:", so a credit typed as "Foto: bsr1" (the
habit of print captions) would read "(Foto: Foto: bsr1)". The prefix is dropped when an
article is saved, and again when the page is drawn, for credits saved before that.
"""

from __future__ import annotations

import re

PREFIX = re.compile(r"^\s*(?:foto|photo|fotografer|dok(?:umentasi)?)\s*(?:oleh|by)?\s*[:.]\s*",
                    re.IGNORECASE)


def bare_credit(text: str) -> str:
    """``"Foto: bsr1"`` → ``"bsr1"``; a credit without such a prefix is returned as is."""
    return PREFIX.sub("", text or "", count=1).strip()
