"""Several processes writing at once, and a writer killed mid-commit: nothing is lost.

Children are real processes (``spawn``), each with its own application, database
connections and index handles, as gunicorn workers and ``cms`` commands are.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from cms.extensions import db
from cms.models.user import utcnow
from plugins.articles.models import Article
from plugins.search import queue
from plugins.search.backends import backend_of
from plugins.search.models import QueueEntry
from tests.search import workers
from tests.search.conftest import indexed_ids

SPAWN = multiprocessing.get_context("spawn")
CHILD_TIMEOUT = 120


def run_children(*processes) -> None:
    for process in processes:
        process.start()
    for process in processes:
        process.join(CHILD_TIMEOUT)
        assert process.exitcode == 0, f"{process.name} exited with {process.exitcode}"


def wait_for(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def started_until(target, app_config: dict, marker: Path):
    """Start ``target(config, marker)`` in a child process; return once it wrote ``marker``."""
    child = SPAWN.Process(target=target, args=({**app_config}, str(marker)))
    child.start()
    wait_for(marker)
    return child


def kill(child) -> None:
    """Kill the child as a crash or an OOM killer would: no cleanup runs."""
    os.kill(child.pid, signal.SIGKILL)
    child.join(CHILD_TIMEOUT)


def queued(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(QueueEntry))


@pytest.fixture
def published_behind_the_index(app, make_article, editor):
    """150 public articles the index has not heard of, all queued for the writer."""
    ids = [make_article(author=editor, title=f"Lumbung padi {n}") for n in range(150)]
    with app.app_context():
        db.session.execute(sa.update(Article).values(status="published",
                                                     published_at=utcnow()))
        db.session.commit()
        backend_of(app).drain()  # for Whoosh, creates the (empty) index
        assert queue.enqueue(ids, "saved")
    return ids


def test_processes_publishing_and_rebuilding_at_once_lose_nothing(app, app_config, editor,
                                                                   service):
    config = {**app_config}
    barrier = SPAWN.Barrier(4)
    titles = [[f"Panen raya {worker}-{n}" for n in range(8)] for worker in range(3)]
    publishers = [SPAWN.Process(target=workers.publish_articles, name=f"publisher-{n}",
                                args=(config, editor.id, titles[n], barrier))
                  for n in range(3)]
    rebuilder = SPAWN.Process(target=workers.rebuild_index, name="rebuilder",
                              args=(config, 2, barrier))
    run_children(*publishers, rebuilder)
    with app.app_context():
        expected = sorted(db.session.scalars(sa.select(Article.id)))
        report = backend_of(app).check()
    assert len(expected) == 24
    assert indexed_ids(app) == expected  # no extra drain needed: nothing was left behind
    assert queued(app) == 0
    assert report.consistent
    assert service.search("panen").total == 24


@pytest.mark.search_backends("whoosh")
def test_writer_killed_mid_commit_loses_nothing(app, app_config, tmp_path,
                                                published_behind_the_index):
    ids = published_behind_the_index
    marker = tmp_path / "in-commit"
    child = started_until(workers.drain_and_hang_in_commit, app_config, marker)
    kill(child)
    assert child.exitcode == -signal.SIGKILL
    generation = backend_of(app).store.current_path()
    assert (generation / "MAIN_WRITELOCK").exists()  # Whoosh's lock, left behind
    assert indexed_ids(app) == []  # the half-written segment is invisible
    assert queued(app) == len(ids)  # and the queue is untouched

    with app.app_context():
        report = backend_of(app).drain()
        assert (report.busy, report.indexed) == (False, len(ids))
        assert backend_of(app).check().consistent
    assert indexed_ids(app) == ids
    assert queued(app) == 0
    assert not [p for p in generation.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.search_backends("whoosh")
def test_writers_killed_at_random_points_leave_a_consistent_index(
        app, app_config, tmp_path, published_behind_the_index):
    ids = published_behind_the_index
    chance = random.Random(7)
    for attempt in range(3):
        marker = tmp_path / f"draining-{attempt}"
        child = started_until(workers.drain_slowly, app_config, marker)
        time.sleep(chance.uniform(0.05, 0.6))
        kill(child)
        with app.app_context():
            assert queue.enqueue(ids, "saved")  # more saves while the index was down
    with app.app_context():
        backend_of(app).drain()
        assert backend_of(app).check().consistent
    assert indexed_ids(app) == ids  # each article once: no duplicates from replays
    assert queued(app) == 0


@pytest.mark.search_backends("postgres")
def test_editors_saving_one_article_in_several_processes_leave_its_last_version(
        app, app_config, publish, editor, service):
    """Each save applies its own change at once, in its own process: the index must end
    with the text the database ends with, whatever order the drains ran in."""
    article_id = publish(title="Sengketa lahan", body="<p>Awal.</p>")
    barrier = SPAWN.Barrier(3)
    editors = [SPAWN.Process(target=workers.edit_article, name=f"editor-{n}",
                             args=({**app_config}, editor.id, article_id, n, 10, barrier))
               for n in range(3)]
    run_children(*editors)
    with app.app_context():
        title = db.session.get(Article, article_id).title
        assert backend_of(app).check().consistent
    assert queued(app) == 0
    assert service.search("sengketa").hits[0].fields["title"] == title


@pytest.mark.search_backends("postgres")
def test_postgres_writer_killed_before_its_commit_loses_nothing(
        app, app_config, tmp_path, published_behind_the_index, service):
    ids = published_behind_the_index
    marker = tmp_path / "applied"
    child = started_until(workers.drain_and_die_in_transaction, app_config, marker)
    assert service.search("lumbung").total == 0  # uncommitted: nobody sees it
    kill(child)
    assert child.exitcode == -signal.SIGKILL
    assert queued(app) == len(ids)  # the rollback kept every row
    with app.app_context():
        deadline = time.monotonic() + 30
        while (report := backend_of(app).drain()).rows == 0:
            # The server notices the dead client and releases its row locks.
            assert time.monotonic() < deadline, "the killed writer's rows stayed locked"
            time.sleep(0.1)
        assert backend_of(app).check().consistent
    assert report.indexed + report.removed >= 1
    assert indexed_ids(app) == ids
    assert queued(app) == 0
