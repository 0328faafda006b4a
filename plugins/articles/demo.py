"""Demo content for ``cms init --demo``: Indonesian articles written for Warta, imported
through the same path as ``cms import jsonl``, each with a generated illustration."""

from __future__ import annotations

import io
import random
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from PIL import Image, ImageDraw
from sqlalchemy import select

from cms.api import db, get_media_storage
from plugins.articles.images import store_image
from plugins.articles.importer import import_jsonl
from plugins.articles.media import add_media
from plugins.articles.models import Article

DEMO_FILE = Path(__file__).resolve().parent / "demo.jsonl"
PALETTE = [((24, 90, 157), (86, 204, 242)), ((32, 120, 74), (168, 224, 99)),
           ((160, 50, 40), (246, 185, 59)), ((90, 40, 140), (232, 121, 249)),
           ((20, 80, 90), (64, 224, 208)), ((120, 70, 20), (250, 210, 120))]


def illustration(seed: int, size: tuple[int, int] = (1600, 900)) -> bytes:
    """A calm abstract picture (no photo of anyone): gradient, hills and a sun."""
    rng = random.Random(seed)
    top, bottom = PALETTE[seed % len(PALETTE)]
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    width, height = size
    for y in range(height):
        mix = y / height
        draw.line([(0, y), (width, y)], fill=tuple(
            int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    sun = rng.randint(width // 5, width * 4 // 5)
    draw.ellipse([sun - 110, 140, sun + 110, 360], fill=(255, 236, 179))
    for layer in range(3):
        shade = tuple(max(0, c - 40 - layer * 25) for c in bottom)
        base = height * (0.55 + layer * 0.12)
        points = [(0, height)] + [
            (x, base - rng.randint(0, 140)) for x in range(0, width + 200, 200)] + [(width, height)]
        draw.polygon(points, fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def load_demo() -> str:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    report = import_jsonl(DEMO_FILE, zone, skip_bad=True)
    articles = db.session.scalars(select(Article).where(Article.image_id.is_(None))
                                  .order_by(Article.id)).all()
    for seed, article in enumerate(articles):
        stored = store_image(illustration(seed), get_media_storage())
        media = add_media(stored, caption=article.title, credit="Ilustrasi Warta",
                          alt=f"Ilustrasi untuk berita: {article.title}")
        article.image_id = media.id
        article.image_caption = "Ilustrasi"
    db.session.commit()
    return f"{report.imported} artikel"
