"""Indonesian text analysis for search (plugins/search/analysis.py).

``WORD_ROOTS`` is the gold list both stemmers are judged on, here and in
``bench/stemmers.py``. Expected roots follow the KBBI: the base word an entry is listed
under ("pemerintah" under "perintah", "pemuda" under "muda"); words that are
themselves base words map to themselves ("berita", "nelayan", "menteri").
"""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import pytest
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser

from plugins.search import analysis
from plugins.search.analysis import (
    DEFAULT_STEMMER,
    MAX_WORD_LENGTH,
    STEM_CACHE_SIZE,
    STEMMERS,
    STOP_WORDS,
    analyze,
    get_stemmer,
    normalize,
    tokenize,
    whoosh_analyzer,
)

WORD_ROOTS: tuple[tuple[str, str], ...] = (
    # News and government
    ("berita", "berita"), ("pemberitaan", "berita"), ("diberitakan", "berita"),
    ("beritanya", "berita"), ("pemerintah", "perintah"), ("pemerintahan", "perintah"),
    ("diperintahkan", "perintah"), ("pembinaan", "bina"), ("dibina", "bina"),
    ("membina", "bina"), ("pembangunan", "bangun"), ("membangun", "bangun"),
    ("dibangun", "bangun"), ("pembangunannya", "bangun"), ("kebijakan", "bijak"),
    ("peraturan", "atur"), ("pelaksanaan", "laksana"), ("dilaksanakan", "laksana"),
    ("pengumuman", "umum"), ("pengawasan", "awas"), ("pemeriksaan", "periksa"),
    ("keputusan", "putus"), ("anggaran", "anggar"), ("perpajakan", "pajak"),
    ("keuangan", "uang"), ("pendapatan", "dapat"), ("penerbitan", "terbit"),
    ("penyiaran", "siar"), ("melaporkan", "lapor"), ("laporan", "lapor"),
    ("menyampaikan", "sampai"), ("mengatakan", "kata"), ("menjelaskan", "jelas"),
    ("peningkatan", "tingkat"), ("meningkatkan", "tingkat"), ("penurunan", "turun"),
    ("sosialisasi", "sosialisasi"), ("disosialisasikan", "sosialisasi"),
    ("pelayanan", "layan"), ("melayani", "layan"), ("bantuan", "bantu"),
    ("penerima", "terima"), ("penyaluran", "salur"), ("disalurkan", "salur"),
    ("pembayaran", "bayar"), ("perbaikan", "baik"), ("pengembangan", "kembang"),
    # Offices and people
    ("kabupaten", "kabupaten"), ("bupati", "bupati"), ("gubernur", "gubernur"),
    ("menteri", "menteri"), ("kementerian", "menteri"), ("kepala", "kepala"),
    ("kecamatan", "camat"), ("kelurahan", "lurah"), ("pedesaan", "desa"),
    ("kepolisian", "polisi"), ("kejaksaan", "jaksa"), ("pengadilan", "adil"),
    ("petugas", "tugas"), ("penugasan", "tugas"), ("kepemimpinan", "pimpin"),
    ("dipimpin", "pimpin"), ("pemuda", "muda"), ("kepemudaan", "muda"),
    ("perempuan", "perempuan"), ("masyarakat", "masyarakat"),
    ("kemasyarakatan", "masyarakat"), ("penduduk", "duduk"), ("kependudukan", "duduk"),
    ("pengusaha", "usaha"), ("perusahaan", "usaha"), ("pedagang", "dagang"),
    ("perdagangan", "dagang"), ("pekerjaan", "kerja"), ("bekerja", "kerja"),
    ("pelajar", "ajar"), ("pembelajaran", "ajar"), ("peserta", "serta"),
    ("pemenang", "menang"), ("kemenangan", "menang"),
    # Farming, fishing, economy
    ("pertanian", "tani"), ("petani", "tani"), ("bertani", "tani"), ("petaninya", "tani"),
    ("perikanan", "ikan"), ("nelayan", "nelayan"), ("penyuluhan", "suluh"),
    ("penyuluh", "suluh"), ("peternakan", "ternak"), ("peternak", "ternak"),
    ("perkebunan", "kebun"), ("penanaman", "tanam"), ("ekonomi", "ekonomi"),
    ("perekonomian", "ekonomi"), ("pertumbuhan", "tumbuh"), ("kemiskinan", "miskin"),
    ("kesejahteraan", "sejahtera"), ("ketahanan", "tahan"), ("wisatawan", "wisata"),
    ("pariwisata", "pariwisata"),
    # Health, education, culture
    ("kesehatan", "sehat"), ("pendidikan", "didik"), ("kebudayaan", "budaya"),
    ("pencegahan", "cegah"), ("penyakit", "sakit"), ("kebersihan", "bersih"),
    ("kemanusiaan", "manusia"), ("kemerdekaan", "merdeka"), ("perayaan", "raya"),
    ("pelatihan", "latih"), ("penghargaan", "harga"), ("pertandingan", "tanding"),
    ("kejuaraan", "juara"), ("perolehan", "oleh"), ("memperoleh", "oleh"),
    # Disasters, crime, courts
    ("bencana", "bencana"), ("kecelakaan", "celaka"), ("kebakaran", "bakar"),
    ("terbakar", "bakar"), ("kebanjiran", "banjir"), ("pengungsi", "ungsi"),
    ("pengungsian", "ungsi"), ("penanggulangan", "tanggulang"), ("kerusakan", "rusak"),
    ("keamanan", "aman"), ("mengamankan", "aman"), ("persidangan", "sidang"),
    ("penyidikan", "sidik"), ("terdakwa", "dakwa"), ("tersangka", "sangka"),
    ("penangkapan", "tangkap"), ("ditangkap", "tangkap"), ("pemberantasan", "berantas"),
    ("korupsi", "korupsi"), ("pelanggaran", "langgar"), ("pemilihan", "pilih"),
    ("memilih", "pilih"), ("pemilu", "pemilu"),
    # Infrastructure and daily life
    ("perumahan", "rumah"), ("permukiman", "mukim"), ("perbatasan", "batas"),
    ("penerbangan", "terbang"), ("pelabuhan", "labuh"), ("perhubungan", "hubung"),
    ("kendaraan", "kendara"), ("pengendara", "kendara"), ("perjalanan", "jalan"),
    ("jalannya", "jalan"), ("kemacetan", "macet"), ("pemadaman", "padam"),
    ("penerangan", "terang"), ("pemasangan", "pasang"), ("kedatangan", "datang"),
    ("pendatang", "datang"), ("pembukaan", "buka"), ("keterbukaan", "buka"),
    ("penutupan", "tutup"), ("pertemuan", "temu"), ("bertemu", "temu"),
    ("menemukan", "temu"), ("pertanyaan", "tanya"), ("bertanya", "tanya"),
    ("menanyakan", "tanya"), ("kegiatan", "giat"), ("mengadakan", "ada"),
    ("diadakan", "ada"),
)

# Every pair each stemmer gets wrong, as word -> the stem it returns. Listed in full so
# a library upgrade that changes any answer, better or worse, shows up here.
EXPECTED_MISSES: dict[str, dict[str, str]] = {
    "snowball": {
        "berita": "ita", "pemberitaan": "ita", "diberitakan": "ita", "beritanya": "ita",
        "diperintahkan": "intah", "penerbitan": "erbit", "mengatakan": "ata",
        "peningkatan": "ingkat", "meningkatkan": "ingkat", "penurunan": "urun",
        "penerima": "erima", "pengembangan": "embang", "bupati": "bupat",
        "menteri": "teri", "kepala": "pala", "penugasan": "ugas",
        "kepemimpinan": "mimpin", "pemuda": "puda", "perempuan": "empu",
        "kependudukan": "nduduk", "pemenang": "penang", "nelayan": "nelay",
        "penanaman": "anam", "ekonomi": "ekonom", "wisatawan": "wisataw",
        "perayaan": "aya", "memperoleh": "peroleh", "penanggulangan": "anggulang",
        "penangkapan": "angkap", "pemberantasan": "antas", "pemilu": "pilu",
        "perumahan": "umah", "penerbangan": "erbang", "kendaraan": "ndara",
        "pengendara": "endara", "penerangan": "erang", "keterbukaan": "terbuka",
        "penutupan": "utup", "bertemu": "berte", "menemukan": "emu",
        "bertanya": "berta", "menanyakan": "anya",
    },
    "sastrawi": {
        "perpajakan": "paja", "pemuda": "pemuda", "kepemudaan": "pemuda",
        "bertani": "tan", "petaninya": "petan", "peternakan": "terna",
        "wisatawan": "wisatawan", "kerusakan": "rusa", "penyidikan": "sidi",
        "pemilu": "milu", "pemadaman": "madam",
    },
}

# The share of WORD_ROOTS each stemmer must stem to the expected root.
MIN_ACCURACY = {"snowball": 0.74, "sastrawi": 0.93}


def misses(stemmer: str) -> dict[str, str]:
    stem = get_stemmer(stemmer)
    return {word: stem(word) for word, root in WORD_ROOTS if stem(word) != root}


def test_word_root_table_is_large_and_unambiguous() -> None:
    words = [word for word, _ in WORD_ROOTS]
    assert len(WORD_ROOTS) >= 100
    assert len(set(words)) == len(words)
    assert all(tokenize(word) == [word] for word in words)


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_stemmer_accuracy_on_word_roots(stemmer: str) -> None:
    found = misses(stemmer)
    accuracy = 1 - len(found) / len(WORD_ROOTS)
    assert found == EXPECTED_MISSES[stemmer]
    assert accuracy >= MIN_ACCURACY[stemmer]


def test_default_stemmer_meets_the_accuracy_floor() -> None:
    assert DEFAULT_STEMMER in STEMMERS
    assert 1 - len(misses(DEFAULT_STEMMER)) / len(WORD_ROOTS) >= MIN_ACCURACY[DEFAULT_STEMMER]


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_affixed_forms_meet_their_root(stemmer: str) -> None:
    assert analyze("pembinaan dibina membina bina", stemmer) == ["bina"] * 4
    assert analyze("pertanian petani tani", stemmer) == ["tani"] * 3


def test_get_stemmer_refuses_unknown_names() -> None:
    with pytest.raises(ValueError, match="unknown stemmer 'porter'.*sastrawi, snowball"):
        get_stemmer("porter")
    with pytest.raises(ValueError, match="sastrawi, snowball"):
        analyze("berita", stemmer="Snowball")


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_stemmers_leave_numbers_and_other_scripts_alone(stemmer: str) -> None:
    stem = get_stemmer(stemmer)
    for word in ("2024", "covid19", "g20", "москва", "北京"):
        assert stem(word) == word


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_stems_are_cached_with_a_bound(stemmer: str) -> None:
    cached = analysis._CACHED_STEMMERS[stemmer]
    stem = get_stemmer(stemmer)
    stem("penyuluhan")
    hits = cached.cache_info().hits
    assert stem("penyuluhan") == "suluh"
    assert cached.cache_info().hits == hits + 1
    assert cached.cache_info().maxsize == STEM_CACHE_SIZE


def test_normalize_lowercases_and_folds_to_ascii() -> None:
    assert normalize("Bétawi CAFÉ Ñusa Çiledug") == "betawi cafe nusa ciledug"
    assert normalize("Cafe\u0301") == "cafe"  # decomposed accent
    assert normalize("ＤＩＳＫＯＭＩＮＦＯ") == "diskominfo"  # full-width
    assert normalize("𝐁𝐞𝐫𝐢𝐭𝐚") == "berita"  # mathematical bold, as pasted from social media
    assert normalize("İstanbul") == "istanbul"
    assert normalize("pem\u00adbangunan") == "pembangunan"  # soft hyphen
    assert normalize("Berita hari ini") == "berita hari ini"


def test_tokenize_splits_on_anything_but_letters_and_digits() -> None:
    text = "Diskominfo (Kab. Bogor) mengadakan pembinaan KIM, 12/3/2024: snake_case & Co."
    assert tokenize(text) == [
        "diskominfo", "kab", "bogor", "mengadakan", "pembinaan", "kim",
        "12", "3", "2024", "snake", "case", "co",
    ]
    assert tokenize("") == []
    assert tokenize("  \n\t ") == []


def test_tokenize_keeps_words_whole_across_marks_and_joiners() -> None:
    assert tokenize("cafe\u0301s pem\u00adbangunan") == ["cafes", "pembangunan"]
    # The zero-width space is a word break, not a joiner.
    assert tokenize("berita\u200bdaerah") == ["berita", "daerah"]


def test_tokenize_drops_emoji_and_control_characters() -> None:
    text = "Banjir😭🌊di\x00Bekasi\x07\x1b[31m!!\u202eterkini 👍🏽 #viral"
    assert tokenize(text) == ["banjir", "di", "bekasi", "31m", "terkini", "viral"]
    assert tokenize("😀🙏🏻❤️\u200d🔥\x00\x01\x7f") == []


def test_words_longer_than_the_limit_are_dropped_whole() -> None:
    longest = "a" * MAX_WORD_LENGTH
    assert tokenize(f"awal {longest} akhir") == ["awal", longest, "akhir"]
    assert tokenize(f"awal {longest}b akhir") == ["awal", "akhir"]


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1_000_000,
        "\u0301" * 1_000_000,
        ("a\u0301" * 40 + " ") * 20_000,
        "berita " * 100_000,
        "\x00\x01\x02 😀 " * 100_000,
    ],
    ids=["one-long-word", "only-marks", "long-accented-words", "many-words", "noise"],
)
def test_hostile_input_is_fast_and_bounded(text: str) -> None:
    started = time.perf_counter()
    terms = analyze(text)
    assert time.perf_counter() - started < 5
    assert len(terms) <= len(text) // 2 + 1
    assert all(0 < len(term) <= MAX_WORD_LENGTH for term in terms)


def test_stop_words_file_is_clean() -> None:
    path = Path(analysis.__file__).with_name("stopwords_id.txt")
    words = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(words) == len(set(words)), "duplicate stop words"
    assert all(tokenize(word) == [word] for word in words), "stop words must be normalized"
    assert frozenset(words) == STOP_WORDS
    assert 120 <= len(STOP_WORDS) <= 200


def test_stop_words_cover_function_words_but_not_content() -> None:
    function_words = {
        "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada", "dalam", "akan",
        "telah", "juga", "ini", "itu", "oleh", "sebagai", "agar", "serta", "bahwa",
        "adalah", "tidak",
    }
    assert function_words <= STOP_WORDS
    assert not {"berita", "tahun", "baru", "warga", "tengah", "desa", "bupati"} & STOP_WORDS


def test_analyze_drops_stop_words_unless_asked_not_to() -> None:
    text = "Bupati dan warga yang hadir di desa itu"
    assert analyze(text) == ["bupat", "warga", "hadir", "desa"]
    assert analyze(text, stopwords=False) == [
        "bupat", "dan", "warga", "yang", "hadir", "di", "desa", "itu",
    ]
    assert analyze("yang dan di ke dari") == []


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_whoosh_analyzer_matches_analyze(stemmer: str) -> None:
    analyzer = whoosh_analyzer(stemmer)
    for text in (
        "Diskominfo mengadakan pembinaan KIM di Kecamatan Cibinong, Senin (4/3/2024).",
        "Café Bétawi 𝐁𝐞𝐫𝐢𝐭𝐚 cafe\u0301s pem\u00adbangunan snake_case a 1",
        "Banjir😭di\x00Bekasi " + "z" * 100 + " petani",
    ):
        assert [token.text for token in analyzer(text)] == analyze(text, stemmer)


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_whoosh_analyzer_survives_pickling(stemmer: str) -> None:
    analyzer = whoosh_analyzer(stemmer)
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored == analyzer
    assert restored != whoosh_analyzer(next(name for name in STEMMERS if name != stemmer))
    assert [token.text for token in restored("Pembinaan petani")] == ["bina", "tani"]


def test_whoosh_index_reopens_and_finds_affixed_forms(tmp_path: Path) -> None:
    schema = Schema(id=ID(stored=True, unique=True), body=TEXT(analyzer=whoosh_analyzer()))
    writer = index.create_in(tmp_path, schema).writer()
    writer.add_document(id="1", body="Diskominfo mengadakan pembinaan KIM")
    writer.add_document(id="2", body="Harga cabai naik di pasar")
    writer.commit()

    reopened = index.open_dir(tmp_path)
    assert reopened.schema["body"].analyzer == whoosh_analyzer()
    parser = QueryParser("body", reopened.schema)
    with reopened.searcher() as searcher:

        def ids(query: str) -> list[str]:
            return [hit["id"] for hit in searcher.search(parser.parse(query))]

        assert ids("bina") == ["1"]
        assert ids("membina") == ["1"]
        assert ids("Pembinaan") == ["1"]
        assert ids("cabai") == ["2"]
        assert ids("pertanian") == []
        assert ids("yang") == []
    reopened.close()
