"""The pages every Indonesian news site needs, created once at ``cms init`` for editors to
fill in. The texts are starting points written for Warta, not legal advice."""

from __future__ import annotations

from sqlalchemy import select

from cms.api import db
from plugins.pages.models import Page

#: The press council's guideline for online media (Pedoman Pemberitaan Media Siber), which
#: other plugins link to (the redaksi plugin's masthead).
GUIDELINE_SLUG = "pedoman-media-siber"

STARTER_PAGES = [
    ("redaksi", "Redaksi", 1, """
<p>Tuliskan di sini susunan redaksi: penanggung jawab, pemimpin redaksi, redaktur,
wartawan, serta nama badan hukum penerbit dan alamatnya, sebagaimana diwajibkan Pasal 12
Undang-Undang Pers.</p>"""),
    ("tentang-kami", "Tentang Kami", 2, """
<p>Ceritakan kepada pembaca siapa Anda: sejak kapan media ini terbit, wilayah yang
diliput, dan komitmen redaksi terhadap kode etik jurnalistik.</p>"""),
    (GUIDELINE_SLUG, "Pedoman Pemberitaan Media Siber", 3, """
<p>Media ini menjalankan Pedoman Pemberitaan Media Siber yang ditetapkan Dewan Pers.
Ringkasnya, redaksi berkomitmen untuk:</p>
<ul>
<li>memverifikasi setiap berita; berita yang belum terverifikasi diberi keterangan dan
segera dilengkapi;</li>
<li>mengelola isi buatan pengguna dengan aturan yang jelas dan menyunting isi yang
melanggar;</li>
<li>melayani ralat, koreksi, dan hak jawab, serta menautkannya pada berita yang
dikoreksi;</li>
<li>mencabut berita hanya dengan alasan yang jelas dan mengumumkannya kepada publik;</li>
<li>memberi label yang jelas (misalnya "Advertorial" atau "Iklan") pada setiap berita
berbayar.</li>
</ul>
<p>Redaksi dapat mengganti ringkasan ini dengan teks lengkap pedoman dari Dewan Pers.</p>"""),
    ("kontak", "Kontak", 4, """
<p>Tuliskan alamat kantor redaksi, nomor telepon, dan alamat email untuk pembaca,
narasumber, dan pemasang iklan.</p>"""),
]


def create_starter_pages() -> int:
    """Add the starter pages that do not exist yet; return how many were added."""
    added = 0
    for slug, title, position, body in STARTER_PAGES:
        if db.session.scalar(select(Page.id).where(Page.slug == slug)) is None:
            db.session.add(Page(slug=slug, title=title, position=position, body=body.strip()))
            added += 1
    db.session.commit()
    return added
