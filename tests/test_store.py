"""A build as one unit: staged, published in one step, locked; a failed or killed run leaves
the previous build current and whole; DIRs that cannot hold a build are refused at start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from etl import store
from etl.demo import DEMO_CORPUS, DEMO_PUBLISHED

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "sources"
GOOD_TABLE = FIXTURES / "tables" / "posts.jsonl"


def build_command(*sources: Path | str, out: Path, extra: tuple[str, ...] = ()) -> list[str]:
    return [sys.executable, "-m", "etl", "build", *map(str, sources), "--out", str(out),
            "--published", DEMO_PUBLISHED, "--quiet", *extra]


def run_build(*sources: Path | str, out: Path, extra: tuple[str, ...] = (),
              umask: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        build_command(*sources, out=out, extra=extra), capture_output=True, text=True, cwd=ROOT,
        check=False, preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )


def start_paused_build(out: Path, point: str) -> subprocess.Popen[str]:
    """A real build that stops at `point` (etl.store.build.pause_point) until killed."""
    env = {**os.environ, store.PAUSE_AT_ENV: point}
    process = subprocess.Popen(
        build_command(DEMO_CORPUS, out=out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, cwd=ROOT, env=env,
    )
    assert process.stderr is not None
    line = process.stderr.readline()  # blocks until the build reaches the point
    assert line.strip() == f"paused at {point}", line
    return process


def snapshot(out: Path) -> tuple[list[str], list[str], bytes, bytes]:
    """What a reader sees: articles, events, and the CSV and report of the same build."""
    build = store.current_build(out)
    return (
        sorted(store.read_articles(build).article_id),
        sorted(store.read_events(build).article_id.unique()),
        store.events_csv_path(build).read_bytes(),
        store.report_path(build).read_bytes(),
    )


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """DIR holding one good build of a JSONL table (not the demo, so a new build differs)."""
    out = tmp_path / "out"
    result = run_build(GOOD_TABLE, out=out)
    assert result.returncode == 0, result.stderr
    return out


def test_a_build_is_one_folder_behind_one_pointer(built: Path) -> None:
    current = built / "current"
    assert current.is_symlink() and not Path(os.readlink(current)).is_absolute()
    assert sorted(p.name for p in store.current_build(built).iterdir()) == sorted(
        store.BUILD_FILES
    )
    articles, events, _, _ = snapshot(built)
    assert set(events) <= set(articles)
    assert sorted(p.name for p in built.iterdir()) == [".lock", "builds", "current"]


def test_a_failed_run_publishes_nothing(built: Path, tmp_path: Path) -> None:
    before = snapshot(built)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run_build(empty, out=built)
    assert result.returncode == 1
    assert "nothing was published" in result.stderr and str(built) in result.stderr
    assert snapshot(built) == before
    assert not list(built.glob(".staging-*"))


def test_a_failed_source_fails_the_build_unless_keep_going(built: Path, tmp_path: Path) -> None:
    before = snapshot(built)
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 in Tunis\n\nOn 2 May 2024.".encode("latin-1"))
    result = run_build(DEMO_CORPUS, bad, out=built)
    assert result.returncode == 1
    assert "--keep-going" in result.stderr and "latin1.txt" in result.stderr
    assert snapshot(built) == before

    result = run_build(DEMO_CORPUS, bad, out=built, extra=("--keep-going",))
    assert result.returncode == 3
    assert "built without 1 source file(s)" in result.stderr and "latin1.txt" in result.stderr
    assert len(store.read_articles(built)) == 5  # the demo's posts, published


@pytest.mark.parametrize("point", ["articles-staged", "staged", "moved"])
def test_a_build_killed_before_it_is_published_leaves_the_previous_one(
    built: Path, point: str
) -> None:
    before = snapshot(built)
    process = start_paused_build(built, point)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(built) == before
    # The next build cleans what the killed one left, and publishes.
    result = run_build(DEMO_CORPUS, out=built)
    assert result.returncode == 0, result.stderr
    assert len(store.read_articles(built)) == 5
    assert not list(built.glob(".staging-*")) and not list(built.glob(".current-*"))
    assert len(list((built / "builds").iterdir())) == 2  # the new one and the previous one


def test_a_build_killed_after_publishing_is_whole(built: Path) -> None:
    process = start_paused_build(built, "published")
    process.send_signal(signal.SIGKILL)
    process.wait()
    articles, events, csv, report = snapshot(built)
    assert csv.count(b"\r\n") > len(events)  # a header and a row per event and country
    assert len(articles) == 5 and set(events) <= set(articles)
    assert b'"articles": 5' in report


def test_a_second_build_into_the_same_folder_is_refused(built: Path) -> None:
    before = snapshot(built)
    first = start_paused_build(built, "articles-staged")
    try:
        second = run_build(GOOD_TABLE, out=built)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert second.returncode == 2
    assert f"{built}: another build is writing into it (process {first.pid}" in second.stderr
    assert "wait until it ends, or build into another folder" in second.stderr
    assert snapshot(built) == before


def test_only_two_builds_are_kept(built: Path) -> None:
    for _ in range(3):
        assert run_build(DEMO_CORPUS, out=built).returncode == 0
    builds = list((built / "builds").iterdir())
    assert len(builds) == 2 and store.current_build(built) in builds


@pytest.mark.parametrize("out", ["/", "/etc", "/usr/local/share/atlas", "/tmp"])
def test_a_system_folder_is_refused_at_start(out: str) -> None:
    result = run_build(DEMO_CORPUS, out=Path(out))
    assert result.returncode == 2
    assert f"--out {out}: a system folder" in result.stderr
    assert result.stdout == ""  # refused before any extraction


def test_a_file_or_read_only_folder_is_refused_at_start(tmp_path: Path) -> None:
    a_file = tmp_path / "report.txt"
    a_file.write_text("mine", encoding="utf-8")
    result = run_build(DEMO_CORPUS, out=a_file)
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr
    assert result.stdout == "" and a_file.read_text(encoding="utf-8") == "mine"

    read_only = tmp_path / "read-only"
    read_only.mkdir(mode=0o555)
    for out in (read_only, read_only / "new"):
        result = run_build(DEMO_CORPUS, out=out)
        assert result.returncode == 2 and f"{read_only} is read-only" in result.stderr
        assert result.stdout == ""
    assert list(read_only.iterdir()) == []


def test_a_folder_inside_a_source_folder_is_refused_at_start(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "post.txt").write_text("Activist detained\n\nPolice held her on 3 May 2025.",
                                    encoding="utf-8")
    for out in (posts, posts / "atlas"):
        result = run_build(posts, out=out)
        assert result.returncode == 2 and result.stdout == ""
        assert f"--out {out}: inside the source folder {posts}" in result.stderr
    assert [p.name for p in posts.iterdir()] == ["post.txt"]
    assert run_build(posts, out=tmp_path / "atlas").returncode == 0


def test_outputs_follow_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_build(DEMO_CORPUS, out=out, umask=0o027).returncode == 0
    build = store.current_build(out)
    assert {oct(p.stat().st_mode & 0o777) for p in build.iterdir()} == {oct(0o640)}
    assert build.stat().st_mode & 0o777 == 0o750


def test_a_folder_built_before_builds_existed_is_read_then_replaced(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy"
    assert run_build(GOOD_TABLE, out=tmp_path / "new").returncode == 0
    legacy.mkdir()
    for path in store.current_build(tmp_path / "new").iterdir():
        (legacy / path.name).write_bytes(path.read_bytes())
    (legacy / ".events.parquet.x1y2.tmp").write_bytes(b"left by a killed run")
    assert store.read_articles(legacy).equals(store.read_articles(tmp_path / "new"))
    assert run_build(DEMO_CORPUS, out=legacy).returncode == 0
    assert sorted(p.name for p in legacy.iterdir()) == [".lock", "builds", "current"]
    assert len(store.read_articles(legacy)) == 5


def test_reading_a_folder_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="no build there; build one with"):
        store.read_events(tmp_path)
    assert not store.has_build(tmp_path)


def test_a_file_beside_the_builds_is_replaced_whole_and_a_killed_writers_leftovers_go(
    tmp_path: Path,
) -> None:
    state = tmp_path / "fetch_state.json"
    stale = tmp_path / ".fetch_state.json.k1ll3d.tmp"  # as a writer killed mid-write leaves it
    fresh = tmp_path / ".fetch_state.json.wr1t1ng.tmp"  # another writer's, still at work
    for left in (stale, fresh):
        left.write_text("{", encoding="utf-8")
    an_hour_and_more_ago = stale.stat().st_mtime - 3700
    os.utime(stale, (an_hour_and_more_ago, an_hour_and_more_ago))
    store.write_text('{"version": 1}\n', state)
    assert state.read_text(encoding="utf-8") == '{"version": 1}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, state.name]
