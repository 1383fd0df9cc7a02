"""Email edition (templates/email.html): the release text in a 600px table layout, every style
inlined by css-inline (remote stylesheets never loaded; the @media rule kept for narrow screens)."""

from __future__ import annotations

from functools import lru_cache

import css_inline


def inline(html: str) -> str:
    """The email's HTML with its stylesheet moved into each element's style attribute."""
    return _inliner().inline(html)


@lru_cache(maxsize=1)
def _inliner() -> css_inline.CSSInliner:
    return css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)
