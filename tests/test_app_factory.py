"""The application factory and the order in which configuration is layered."""

from __future__ import annotations

import pytest

from cms import create_app
from cms.config import ConfigurationError


def test_test_config_overrides_everything(instance_path, monkeypatch):
    (instance_path / "config.py").write_text("SITE_NAME = 'Dari Instance'\nSECRET_KEY = 'x'\n")
    monkeypatch.setenv("WARTA_SITE_NAME", "Dari Env")
    app = create_app({"SITE_NAME": "Dari Tes", "PLUGINS": []})
    assert app.config["SITE_NAME"] == "Dari Tes"


def test_environment_overrides_instance_file(instance_path, monkeypatch):
    (instance_path / "config.py").write_text("SITE_NAME = 'Dari Instance'\nSECRET_KEY = 'x'\n")
    monkeypatch.setenv("WARTA_SITE_NAME", "Dari Env")
    app = create_app({"PLUGINS": []})
    assert app.config["SITE_NAME"] == "Dari Env"


def test_instance_file_overrides_defaults(instance_path):
    (instance_path / "config.py").write_text("SITE_NAME = 'Kabar Kediri'\nSECRET_KEY = 'x'\n")
    app = create_app({"PLUGINS": []})
    assert app.config["SITE_NAME"] == "Kabar Kediri"
    assert app.instance_path == str(instance_path)


def test_database_defaults_to_sqlite_in_instance(instance_path):
    app = create_app({"TESTING": True, "PLUGINS": []})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance_path}/warta.db"


def test_database_url_from_environment(instance_path, monkeypatch):
    monkeypatch.setenv("WARTA_DATABASE_URL", "postgresql+psycopg://db.local/warta")
    app = create_app({"TESTING": True, "PLUGINS": []})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db.local/warta"


def test_missing_secret_key_stops_start_with_the_fix(instance_path):
    with pytest.raises(ConfigurationError, match="cms init"):
        create_app({"PLUGINS": []})


def test_home_page_served_with_no_plugins(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Warta" in response.get_data(as_text=True)


def test_core_boots_with_no_plugins_loaded(app):
    from cms.pluginmanager import get_manager

    assert get_manager(app).loaded() == []
