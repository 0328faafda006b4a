"""Per-site settings stored in the database, editable at run time."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cms.extensions import db


class Setting(db.Model):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value_json: Mapped[str] = mapped_column("value", Text)

    @property
    def value(self) -> Any:
        return json.loads(self.value_json)

    @value.setter
    def value(self, value: Any) -> None:
        self.value_json = json.dumps(value, ensure_ascii=False)
