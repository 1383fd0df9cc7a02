"""axe-core in Debian's headless Chromium over the accessibility corpus's emails (see
tests/accessibility.py): no violation; skipped, with the reason, only where Chromium cannot start.
That the check can fail is shown in test_accessibility_axe_pages.py."""

from __future__ import annotations

import pytest

from .accessibility import _axe, browser, corpus  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.slow


def test_axe_finds_no_violation_in_emails(corpus, browser):  # noqa: F811
    violations = {}
    for f in corpus["email"]:
        found = _axe(browser, f)
        if found:
            violations[str(f)] = [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in found]
    assert violations == {}
    assert len(corpus["email"]) >= 10
