import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "pages"]}
