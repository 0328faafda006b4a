"""The one time- and size-limited cache the page cache, fragments and search share."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from cms import timedcache
from cms.api import TimedCache


@pytest.fixture
def clock(monkeypatch):
    """A monotonic clock the test moves by hand."""
    now = [1000.0]
    monkeypatch.setattr(timedcache, "time", SimpleNamespace(monotonic=lambda: now[0]))
    return now


def test_a_value_is_served_until_its_time_is_up(clock):
    cache = TimedCache(4, ttl=60)
    cache.put("home", "<html>")
    clock[0] += 59.9
    assert cache.get("home") == "<html>"
    clock[0] += 0.1
    assert cache.get("home") is None
    assert len(cache) == 0  # an expired value does not hold a place


def test_without_a_time_limit_only_newer_values_push_one_out(clock):
    cache = TimedCache(2)
    cache.put("a", 1)
    clock[0] += 10**9
    assert cache.get("a") == 1


def test_the_least_recently_used_goes_first():
    cache = TimedCache(2, ttl=60)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now "b" is the least recently used
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)


def test_storing_again_refreshes_a_value_and_its_place(clock):
    cache = TimedCache(2, ttl=60)
    cache.put("a", 1)
    cache.put("b", 2)
    clock[0] += 50
    cache.put("a", 10)
    cache.put("c", 3)
    clock[0] += 50
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (10, None, 3)


@pytest.mark.parametrize(("size", "kept"), [(0, None), (-1, None), (1, "ya")])
def test_a_size_of_zero_turns_the_cache_off(size, kept):
    cache = TimedCache(size, ttl=60)
    cache.put("q", "ya")
    assert cache.get("q") == kept


def test_a_default_for_what_is_not_kept_and_clear_forgets_everything():
    cache = TimedCache(4)
    cache.put("a", 1)
    cache.clear()
    assert cache.get("a", "tidak ada") == "tidak ada"


def test_threads_share_one_cache_without_losing_the_size_limit():
    cache = TimedCache(50, ttl=60)

    def work(offset: int) -> None:
        for number in range(2000):
            cache.put((offset, number % 80), number)
            cache.get((offset, (number * 7) % 80))

    threads = [threading.Thread(target=work, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 50
