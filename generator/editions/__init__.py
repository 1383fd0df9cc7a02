"""The editions of a release, one record each: the only place that knows them. The build, the
manifests, the indexes and publish iterate over EDITIONS.

An edition renders from a release the build has rendered once per language (its web page and its
typed context): the web page is that HTML itself; the email (email.py) and the wire text (text.py)
render the same context through their own templates; the Word document (docx.py) is made from the
web page; the PDF prints the web page in a worker
process (parallel.py, pdf.py). This module stays light (request.py reads it before anything is
loaded): each renderer imports its module when first called.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..view import ReleaseContext


class RenderedRelease(Protocol):
    """What an edition renders from: one release in one language, its web page rendered."""

    @property
    def html(self) -> str: ...

    @property
    def context(self) -> ReleaseContext: ...


def N_(message: str) -> str:
    """Marks a message for the catalogs (extracted by Babel); translated where it is shown."""
    return message


@dataclass(frozen=True)
class Edition:
    name: str  # as given to --format and written in manifests
    suffix: str  # the file name's ending after `<round-id>-<lang>`
    label: str  # its name in the indexes' links, a catalog message
    render: Callable[[RenderedRelease], str | bytes] | None  # the file's text (or bytes); None for the printed edition
    printed: bool = False  # printed from the web page in a PDF worker
    default: bool = False  # built when --format is not given

    def text(self, release: RenderedRelease) -> bytes:
        if self.render is None:
            raise ValueError(f"the {self.name} edition is printed, not rendered as text")
        rendered = self.render(release)
        return rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")


def _web_page(release: RenderedRelease) -> str:
    return release.html


def _email(release: RenderedRelease) -> str:
    from .email import render_email

    return render_email(release.context)


def _wire_text(release: RenderedRelease) -> str:
    from .text import render_text

    return render_text(release.context)


def _word(release: RenderedRelease) -> bytes:
    from .docx import render_docx

    return render_docx(release.html, release.context)


# In the order the indexes and manifests list them.
EDITIONS = (
    Edition("html", ".html", N_("Web page"), _web_page, default=True),
    Edition("pdf", ".pdf", N_("PDF"), None, printed=True, default=True),
    Edition("email", ".email.html", N_("Email"), _email),
    Edition("text", ".txt", N_("Plain text"), _wire_text),
    Edition("docx", ".docx", N_("Word"), _word),
)
DEFAULT = tuple(edition.name for edition in EDITIONS if edition.default)


def names() -> tuple[str, ...]:
    return tuple(edition.name for edition in EDITIONS)


def get(name: str) -> Edition:
    """The edition called `name` (a KeyError for any other: build checks --format first)."""
    for edition in EDITIONS:
        if edition.name == name:
            return edition
    raise KeyError(name)
