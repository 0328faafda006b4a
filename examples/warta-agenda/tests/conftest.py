import pytest

pytest_plugins = ["cms.testing"]


@pytest.fixture
def warta_plugins():
    return ["agenda"]
