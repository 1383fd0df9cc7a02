"""Email edition: the release text in a 600px table layout, every style inlined by css-inline
(remote stylesheets never loaded; the @media rule kept for narrow screens)."""

from __future__ import annotations

from functools import lru_cache

from .. import i18n
from ..render import release_variables, render_template
from ..view import ReleaseContext

EMAIL_TEMPLATE = "email.html"


def render_email(context: ReleaseContext) -> str:
    html = i18n.typeset_html(render_template(EMAIL_TEMPLATE, context.lang, **release_variables(context, "email")), context.lang)
    return _inliner().inline(html)


@lru_cache(maxsize=1)
def _inliner():
    import css_inline

    return css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)
