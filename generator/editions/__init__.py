"""The editions of a release, one record each: the only place that knows them. The build (its
files, their photo copies), the manifests, the indexes and publish iterate over EDITIONS.

An edition renders from a release the build has rendered once per language (its web page and its
typed context). Most editions are a template (in templates/) rendered by `from_template`; an
edition with more to do names a renderer of its own: the email (email.py) inlines its styles, the
wire text (text.py) aligns and wraps; the Word document (docx.py) is made from the web page; the
web page is the release's page itself; the PDF prints
that page in a worker process (parallel.py, pdf.py). A result card (card.py) is made per race: an
image, with its alternative text beside it. This module stays light (request.py reads it
before anything is loaded): each renderer imports what it needs when first called.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..photos import EMAIL, FULL, WEB, Size

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
class PhotoCopies:
    """The copies of a round's photos an edition's file shows: written beside the round's releases,
    once whatever the languages (photos.py makes them)."""

    sizes: tuple[Size, ...] = ()
    lead_only: bool = False  # the lead photo's copies alone
    public: bool = False  # only where the season's site.base_url lets a reader elsewhere fetch them

    def wanted(self, lead: bool, public_address: bool) -> tuple[Size, ...]:
        """The copies of one photo (the lead one or not) where the season has a public address or not."""
        if (self.lead_only and not lead) or (self.public and not public_address):
            return ()
        return self.sizes


def from_template(edition: Edition, release: RenderedRelease, **variables: object) -> str:
    """The edition's template with every release template's variables (`edition`: its name) and
    `variables`, in the language's house typography (in an HTML template, on its text only)."""
    from .. import i18n
    from ..render import release_variables, render_template

    if edition.template is None:
        raise ValueError(f"the {edition.name} edition names no template")
    lang = release.context.lang
    text = render_template(edition.template, lang, **release_variables(release.context, edition.name), **variables)
    return i18n.typeset_html(text, lang) if edition.template.endswith(".html") else i18n.typography(text, lang)


# How an edition's file is made from a release: its text (UTF-8 when written), or its bytes.
Renderer = Callable[["Edition", RenderedRelease], str | bytes]
# How an edition's file for one race of a release is made (an edition of one file per race).
RaceRenderer = Callable[["Edition", RenderedRelease, int], str | bytes]


@dataclass(frozen=True)
class Edition:
    name: str  # as given to --format and written in manifests
    suffix: str  # the file name's ending after `<round-id>-<lang>`
    label: str  # its name in the indexes' links, a catalog message
    template: str | None = None  # in templates/; None: the release's web page
    render: Renderer = from_template  # makes its file (by default: its template alone); the printed edition has none
    printed: bool = False  # printed from the web page in a PDF worker
    default: bool = False  # built when --format is not given
    photos: PhotoCopies = field(default_factory=PhotoCopies)  # the copies of the round's photos it shows
    # One file per race whose winner the data establishes (`suffix` holds `{race}`), made by this
    # renderer instead of `render`; the label too holds `%(race)s`.
    per_race: RaceRenderer | None = None
    companions: tuple[str, ...] = ()  # editions built whenever this one is (a card's alternative text)
    linked: bool = True  # linked from the indexes (a card's alternative text is read beside the card)

    def file_suffix(self, race: int | None = None) -> str:
        """The file name's ending after `<round-id>-<lang>`: `.pdf`, `.card-1.png`."""
        return self.suffix.format(race=race) if self.per_race else self.suffix

    def text(self, release: RenderedRelease, race: int | None = None) -> bytes:
        """The edition's file (for an edition per race, race `race`'s), as written."""
        if self.printed:
            raise ValueError(f"the {self.name} edition is printed, not rendered")
        if self.per_race is not None:
            if race is None:
                raise ValueError(f"the {self.name} edition is made per race: which race?")
            rendered = self.per_race(self, release, race)
        else:
            rendered = self.render(self, release)
        return rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")


def _web_page(edition: Edition, release: RenderedRelease) -> str:
    return release.html


def _email(edition: Edition, release: RenderedRelease) -> str:
    from .email import inline

    return inline(from_template(edition, release))


def _wire_text(edition: Edition, release: RenderedRelease) -> str:
    from .text import variables, wrap

    return wrap(from_template(edition, release, **variables(release.context)))


def _word(edition: Edition, release: RenderedRelease) -> bytes:
    from .docx import render_docx

    return render_docx(release.html, release.context)


def _posts(edition: Edition, release: RenderedRelease) -> str:
    from .posts import render_posts

    return render_posts(release.context)


def _card(edition: Edition, release: RenderedRelease, race: int) -> bytes:
    from .card import card_png

    return card_png(card_html(edition, release, race))


def card_html(edition: Edition, release: RenderedRelease, race: int) -> str:
    """A result card's source document: its template with the race and the places it shows (card.py)."""
    from .card import card_variables

    return from_template(edition, release, **card_variables(release.context, race))


def _card_text(edition: Edition, release: RenderedRelease, race: int) -> str:
    from .card import alt_text

    return alt_text(release.context, race) + "\n"


# In the order the indexes and manifests list them.
EDITIONS = (
    Edition("html", ".html", N_("Web page"), render=_web_page, default=True, photos=PhotoCopies((WEB, FULL))),
    Edition("pdf", ".pdf", N_("PDF"), printed=True, default=True),  # its photos' print copies are inside it
    Edition("email", ".email.html", N_("Email"), "email.html", _email, photos=PhotoCopies((EMAIL,), lead_only=True, public=True)),
    Edition("text", ".txt", N_("Plain text"), "release.txt", _wire_text),
    Edition("docx", ".docx", N_("Word"), render=_word),  # embeds the lead photo's email-size copy, not written beside it
    Edition("posts", ".posts.txt", N_("Social posts"), render=_posts),  # one post per race, within X's 280 characters
    # A result card per race: a 1080x1350 PNG, and its alternative text beside it (card.py)
    Edition("card", ".card-{race}.png", N_("Race %(race)s card"), "card.html", per_race=_card, companions=("card-text",)),
    Edition("card-text", ".card-{race}.txt", N_("Race %(race)s card text"), per_race=_card_text, linked=False),
)
DEFAULT = tuple(edition.name for edition in EDITIONS if edition.default)


def names() -> tuple[str, ...]:
    return tuple(edition.name for edition in EDITIONS)


def linked() -> tuple[str, ...]:
    """The editions the indexes link, in their order."""
    return tuple(edition.name for edition in EDITIONS if edition.linked)


def with_companions(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The editions asked for and those built with them, in EDITIONS' order."""
    wanted = set(formats) | {companion for name in formats if name in names() for companion in get(name).companions}
    return tuple(name for name in names() if name in wanted) + tuple(name for name in formats if name not in names())


def get(name: str) -> Edition:
    """The edition called `name` (a KeyError for any other: build checks --format first)."""
    for edition in EDITIONS:
        if edition.name == name:
            return edition
    raise KeyError(name)
