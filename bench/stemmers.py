"""Compare the Indonesian stemmers of plugins/search/analysis.py, printed as figures.

Run with ``.venv/bin/python bench/stemmers.py``. For each stemmer it prints the time to
load it, its speed with a cold cache (every word a miss) and a warm one, the speed of the
whole ``analyze`` pipeline on a news paragraph, and its accuracy on the word -> root
list kept in tests/test_search_analysis.py. docs/search-analysis.md quotes these
figures. Like bench/run.py, it exits 1 when a figure misses its target.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import Stemmer  # noqa: E402

from plugins.search import analysis  # noqa: E402
from tests.test_search_analysis import WORD_ROOTS  # noqa: E402

# Analysis must never be what limits indexing: a full reindex of 10,000 articles of 500
# words takes under a minute at this rate on a 2-core machine.
TARGET_ANALYZE_WORDS_PER_S = 100_000

# Unrelated words that must keep different stems; each stemmer merges some of them.
UNRELATED = (
    ("menteri", "teri"),  # minister / anchovy
    ("kepala", "pala"),  # head / nutmeg
    ("pemilu", "pilu"),  # election / sorrowful
    ("perempuan", "empu"),  # woman / master craftsman
    ("kerusakan", "rusa"),  # damage / deer
    ("bertani", "tan"),  # to farm / tan (unit)
    ("pemadaman", "madam"),  # blackout / madam
)

# A made-up regional news story, typical in length and vocabulary.
PARAGRAPH = """
Dinas Komunikasi dan Informatika (Diskominfo) Kabupaten Bogor mengadakan pembinaan
Kelompok Informasi Masyarakat (KIM) di aula Kecamatan Cibinong, Senin (4/3/2024).
Kegiatan yang diikuti 120 peserta dari 40 desa itu bertujuan meningkatkan kemampuan
warga dalam menyebarkan informasi pembangunan dan melawan berita bohong. Kepala
Diskominfo mengatakan pemerintah daerah terus mendorong keterbukaan informasi publik.
"Kami ingin setiap desa memiliki penyuluh informasi yang mampu menjelaskan program
kesehatan, pendidikan, dan pertanian kepada masyarakat," ujarnya. Selain pelatihan
menulis berita, para peserta juga mendapat materi tentang pengelolaan media sosial,
pemeriksaan fakta, dan pelayanan pengaduan. Menurut dia, pada tahun lalu petani dan
nelayan di wilayah selatan paling banyak bertanya soal bantuan pupuk, harga gabah,
serta perizinan perahu. Pemerintah kabupaten juga menyiapkan anggaran untuk
penghargaan kepada KIM terbaik yang akan diumumkan pada peringatan hari jadi Bogor.
"""


def per_second(count: int, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return count / (time.perf_counter() - started)


def load_ms(name: str) -> float:
    started = time.perf_counter()
    if name == "sastrawi":
        analysis._sastrawi.cache_clear()
        analysis._sastrawi()
    else:
        Stemmer.Stemmer("indonesian", 0)
    return (time.perf_counter() - started) * 1000


def measure(name: str) -> dict[str, float]:
    stem = analysis.get_stemmer(name)
    cache = analysis._CACHED_STEMMERS[name]
    words = sorted({word for pair in WORD_ROOTS for word in pair})
    rounds = 50

    def cold() -> None:
        for _ in range(rounds):
            cache.cache_clear()
            for word in words:
                stem(word)

    def warm() -> None:
        for _ in range(rounds):
            for word in words:
                stem(word)

    text = PARAGRAPH * 20
    text_words = len(analysis.tokenize(text))

    def analyze() -> None:
        for _ in range(rounds):
            analysis.analyze(text, name)

    figures = {"load (ms)": load_ms(name), "cold (words/s)": per_second(len(words) * rounds, cold)}
    warm()
    figures["cached (words/s)"] = per_second(len(words) * rounds, warm)
    analyze()
    figures["analyze (words/s)"] = per_second(text_words * rounds, analyze)
    exact = sum(stem(word) == root for word, root in WORD_ROOTS)
    meets = sum(stem(word) == stem(root) for word, root in WORD_ROOTS)
    merged = sum(stem(a) == stem(b) for a, b in UNRELATED)
    figures["root exact (%)"] = 100 * exact / len(WORD_ROOTS)
    figures["meets root (%)"] = 100 * meets / len(WORD_ROOTS)
    figures[f"unrelated merged (of {len(UNRELATED)})"] = merged
    return figures


def main() -> int:
    results = {name: measure(name) for name in analysis.STEMMERS}
    print(f"{len(WORD_ROOTS)} word -> root pairs; default stemmer: {analysis.DEFAULT_STEMMER}")  # noqa: T201
    print(f"{'':32}" + "".join(f"{name:>12}" for name in results))  # noqa: T201
    for figure in results[analysis.DEFAULT_STEMMER]:
        decimals = 2 if figure.endswith("(ms)") else 1 if figure.endswith("(%)") else 0
        row = "".join(f"{results[name][figure]:>12,.{decimals}f}" for name in results)
        print(f"{figure:32}{row}")  # noqa: T201
    speed = results[analysis.DEFAULT_STEMMER]["analyze (words/s)"]
    if speed < TARGET_ANALYZE_WORDS_PER_S:
        print(  # noqa: T201
            f"MISSED: analyze with {analysis.DEFAULT_STEMMER} at {speed:,.0f} words/s,"
            f" target {TARGET_ANALYZE_WORDS_PER_S:,}"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
