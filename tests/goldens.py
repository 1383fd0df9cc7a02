"""Golden files: the bundled Monza release, per language: the web page and the email as normalized
HTML, the PDF as its text, the wire edition as it is.

They are a regression net, not proof (the proof is in test_release.py, against the reference).
Regenerate on purpose, then review the diff before committing:

    .venv/bin/python -m tests.goldens
"""

from __future__ import annotations

import functools
import io
import re
import sys
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent / "golden" / "monza"
LANGS = ("fr", "en")


def normalize_html(html: str) -> str:
    """Drop the inlined stylesheet (its own file is the source) and put one tag or text per line."""
    html = re.sub(r"<style>.*?</style>", "<style>…</style>", html, flags=re.S)
    pieces = re.split(r"(<[^>]+>)", html)
    return "\n".join(p.strip() for p in pieces if p.strip()) + "\n"


@functools.lru_cache(maxsize=8)  # the tests read the same few PDFs' text many times
def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return "\n\f\n".join(page.extract_text() for page in reader.pages) + "\n"


def build_monza(out: Path, formats: tuple[str, ...] = ("html", "pdf")) -> Path:
    """Build the bundled season into `out`; return the Monza round's folder."""
    from generator.build import BuildRequest, build

    root = Path(__file__).resolve().parent.parent
    build(BuildRequest(root / "seasons" / "2024-alpine-elf-cup", out, formats=formats))
    return out / "2024-alpine-elf-cup" / "06-monza"


def read_monza(folder: Path) -> dict[str, tuple[str, bytes]]:
    """{lang: (html, pdf bytes)} of a built Monza folder."""
    return {
        lang: ((folder / f"06-monza-{lang}.html").read_text(encoding="utf-8"), (folder / f"06-monza-{lang}.pdf").read_bytes())
        for lang in LANGS
    }


def golden_email(folder: Path, lang: str) -> str:
    return normalize_html((folder / f"06-monza-{lang}.email.html").read_text(encoding="utf-8"))


def golden_text(folder: Path, lang: str) -> str:
    return (folder / f"06-monza-{lang}.txt").read_text(encoding="utf-8")


def regenerate() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = build_monza(Path(tmp), ("html", "pdf", "email", "text"))
        built = read_monza(folder)
        GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
        for lang in LANGS:
            (GOLDEN_DIR / f"{lang}.email.html").write_text(golden_email(folder, lang), encoding="utf-8")
            (GOLDEN_DIR / f"{lang}.txt").write_text(golden_text(folder, lang), encoding="utf-8")
    for lang, (html, pdf) in built.items():
        (GOLDEN_DIR / f"{lang}.html").write_text(normalize_html(html), encoding="utf-8")
        (GOLDEN_DIR / f"{lang}.pdf.txt").write_text(pdf_text(pdf), encoding="utf-8")
    print(f"rewrote goldens in {GOLDEN_DIR}; review them with `git diff {GOLDEN_DIR}` before committing", file=sys.stderr)
    regenerate_pre_event()


PRE_EVENT_DIR = Path(__file__).resolve().parent / "golden" / "pre-event"


def regenerate_pre_event() -> None:
    """The wire edition of the demo season's 03-charlie pre-event release (illustrative data)."""
    import tempfile

    from generator.build import BuildRequest, build

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        build(BuildRequest(root / "seasons" / "2025-demo-cup", Path(tmp), "03-charlie", formats=("text",), kind="pre-event"))
        PRE_EVENT_DIR.mkdir(parents=True, exist_ok=True)
        for lang in LANGS:
            name = f"03-charlie-pre-event-{lang}.txt"
            (PRE_EVENT_DIR / name).write_text((Path(tmp) / "2025-demo-cup" / "03-charlie" / name).read_text(encoding="utf-8"), encoding="utf-8")
    print(f"rewrote goldens in {PRE_EVENT_DIR}", file=sys.stderr)


if __name__ == "__main__":
    regenerate_pre_event() if sys.argv[1:] == ["pre-event"] else regenerate()
