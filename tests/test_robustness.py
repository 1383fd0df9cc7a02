"""Hostile and broken input: fuzzed YAML never causes a traceback, injected markup never runs or
fetches, and a build killed at any moment never leaves a half-written file."""

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import BuildRequest, build
from generator.commands.validate import validate
from generator.errors import DataError

from .conftest import MONZA_SEASON, ROOT, edit

FILES = ["season.yaml", "rounds/06-monza/round.yaml", "rounds/06-monza/fr.yaml", "rounds/06-monza/en.yaml"]
YAML_ALPHABET = st.sampled_from(list("abcé :-[]{},\"'#&*!|>%@`\n\t0123456789.+~") + ["2:06.894", "NO", "<<", "---"])
FUZZ = settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def validates_or_reports(season_dir: Path) -> None:
    try:
        validate(season_dir)
    except DataError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)


@FUZZ
@given(st.lists(YAML_ALPHABET, max_size=200).map("".join))
def test_arbitrary_yaml_as_a_season_file(text):
    with tempfile.TemporaryDirectory() as tmp:
        season_dir = Path(tmp) / "fuzz-season"
        season_dir.mkdir()
        (season_dir / "season.yaml").write_text(text, encoding="utf-8")
        validates_or_reports(season_dir)


MUTATIONS = st.one_of(
    st.tuples(st.just("delete-line"), st.integers(0, 200)),
    st.tuples(st.just("duplicate-line"), st.integers(0, 200)),
    st.tuples(st.just("replace-char"), st.integers(0, 20000), YAML_ALPHABET),
    st.tuples(st.just("truncate"), st.integers(0, 20000)),
)


def mutate(text: str, mutation) -> str:
    kind, where, *rest = mutation
    if not text:
        return text
    lines = text.splitlines(keepends=True)
    if kind == "delete-line":
        return "".join(lines[:where % len(lines)] + lines[where % len(lines) + 1:])
    if kind == "duplicate-line":
        i = where % len(lines)
        return "".join(lines[: i + 1] + lines[i:])
    if kind == "replace-char":
        i = where % len(text)
        return text[:i] + rest[0] + text[i + 1:]
    return text[: where % len(text)]


@FUZZ
@given(st.sampled_from(FILES), st.lists(MUTATIONS, min_size=1, max_size=3))
def test_mutated_bundled_season(file, mutations):
    with tempfile.TemporaryDirectory() as tmp:
        season_dir = Path(tmp) / "2024-alpine-elf-cup"
        shutil.copytree(MONZA_SEASON, season_dir)
        path = season_dir / file
        text = path.read_text(encoding="utf-8")
        for mutation in mutations:
            text = mutate(text, mutation)
        path.write_text(text, encoding="utf-8")
        validates_or_reports(season_dir)


# --- injection ----------------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[local](file:///etc/passwd)",
    '<link rel="attachment" href="file:///etc/passwd">',
    "![remote](http://127.0.0.1:9/tracker.png)",
    '<iframe src="https://127.0.0.1:9/"></iframe>',
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
]


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    season_dir = tmp_path_factory.mktemp("inject") / "2024-alpine-elf-cup"
    shutil.copytree(MONZA_SEASON, season_dir)
    lead = " ".join(PAYLOADS).replace('"', '\\"')
    edit(season_dir / "rounds/06-monza/fr.yaml", 'lead: "', f'lead: "{lead} ')
    out = season_dir.parent / "out"
    report = build(BuildRequest(season_dir, out, langs=("fr",)))
    folder = out / "2024-alpine-elf-cup" / "06-monza"
    return report, (folder / "06-monza-fr.html").read_text(encoding="utf-8"), (folder / "06-monza-fr.pdf").read_bytes()


class Elements(HTMLParser):
    """The elements and attributes a browser would actually build from the HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_injected_markup_builds_no_active_element(injected):
    _, html, _ = injected
    tags = Elements(html).tags
    assert {tag for tag, _ in tags} <= {
        "html", "head", "meta", "title", "style", "body", "header", "p", "nav", "a", "main", "article", "h1", "h2",
        "h3", "time", "ul", "li", "div", "section", "figure", "figcaption", "blockquote", "table", "tbody", "tr",
        "td", "span", "em", "strong", "caption", "thead", "th",  # tables' captions and header cells
        "svg", "g", "line", "text", "polyline", "circle", "rect", "polygon", "path",  # the chart, drawn by pressgen
    }
    assert not [(tag, name) for tag, attrs in tags for name in attrs if name.startswith("on")]
    hrefs = [attrs["href"] for tag, attrs in tags if "href" in attrs]
    assert [h for h in hrefs if not h.startswith(("http://", "https://", "mailto:", "#", "06-monza-"))] == []
    assert "http://127.0.0.1:9/tracker.png" in hrefs  # a remote image becomes a plain link, never loaded


def test_template_syntax_in_prose_is_not_evaluated(injected):
    _, html, _ = injected
    assert "{{ 7*7 }} {% if true %}jinja{% endif %}" in html


def test_injected_markup_stays_visible_as_text(injected):
    _, html, _ = injected
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[click](javascript:alert(1))" in html


def test_injected_urls_are_neither_fetched_nor_embedded_in_pdf(injected):
    from pypdf import PdfReader

    report, _, pdf = injected
    reader = PdfReader(BytesIO(pdf))
    assert sorted(reader.attachments) == ["fr.yaml", "round.yaml"]  # the round's own sources, nothing else
    assert b"root:x:0:0" not in pdf
    assert report.refused_urls == ()  # nothing even asked for: links are text or plain anchors


# --- a build killed mid-way ---------------------------------------------------------------------------


def run_build(season_dir: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(season_dir), "--out", str(out)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_a_killed_build_leaves_old_or_new_files_never_half_written(tmp_path):
    season_dir = tmp_path / "2024-alpine-elf-cup"
    shutil.copytree(MONZA_SEASON, season_dir)
    out, reference = tmp_path / "out", tmp_path / "reference"
    assert run_build(season_dir, out).wait() == 0
    old = snapshot(out)
    edit(season_dir / "rounds/06-monza/en.yaml", "Charles Roussanne wins", "Roussanne wins")
    assert run_build(season_dir, reference).wait() == 0
    new = snapshot(reference)
    assert set(old) == set(new) and old != new
    for delay in (0.2, 0.6, 1.0, 1.4, 1.8, 2.2, 2.6):
        process = run_build(season_dir, out)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name, content in snapshot(out).items():
            if name.endswith(".tmp"):
                continue  # an unfinished temporary file, never read as output and cleared next build
            assert content in (old[name], new[name]), f"{name} is half-written after a kill at {delay}s"
    assert run_build(season_dir, out).wait() == 0
    assert snapshot(out) == new


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads the process table from /proc")
def test_a_killed_build_leaves_no_pdf_worker_behind_and_its_folder_free(tmp_path):
    """The PDF workers start with the build and hold a copy of its output folder's lock: killed
    with the build, they end too, and the next build does not wait."""
    season_dir = tmp_path / "2024-alpine-elf-cup"
    shutil.copytree(MONZA_SEASON, season_dir)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "build", str(season_dir), "--out", str(out), "--jobs", "2", "--quiet"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(workers := children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2
    process.send_signal(signal.SIGKILL)
    process.wait()
    while any(running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(running(w) for w in workers)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "waiting" not in done.stderr, done.stderr
