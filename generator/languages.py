"""Every language pressgen writes, in one place: its CLDR locale (names, numbers, dates, lists,
plural and ordinal categories come from Babel) and the press conventions CLDR does not hold:
how a lap time and a gap are written, ordinal suffixes, quotation marks, typography, and the
house phrasings the fact-checker recognises in its race reports.

Adding a language is one entry in STYLES (and its catalog and prose: see the README). A language
without `phrases` gets every check that does not need them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale

NBSP, NNBSP = "\u00a0", "\u202f"


@dataclass(frozen=True)
class TimeForm:
    """How a lap time or a gap is written: minutes, seconds and thousandths around two marks.
    `gap_unit` follows a gap under a minute (en "+0.284s")."""

    minute_mark: str
    second_mark: str
    gap_unit: str = ""

    def laptime(self, ms: int) -> str:
        minutes, rest = divmod(ms, 60_000)
        seconds, millis = divmod(rest, 1000)
        if minutes:
            return f"{minutes}{self.minute_mark}{seconds:02d}{self.second_mark}{millis:03d}"
        return f"{seconds}{self.second_mark}{millis:03d}"

    def gap(self, ms: int) -> str:
        return f"+{self.laptime(ms)}" + (self.gap_unit if ms < 60_000 else "")

    def pattern(self) -> str:
        """A regex reading this form back: groups (minutes, seconds, millis), minutes optional."""
        minute, second = re.escape(self.minute_mark), re.escape(self.second_mark)
        unit = f"(?:{re.escape(self.gap_unit.strip())})?" if self.gap_unit.strip() else ""
        return rf"\+?(?:(\d+){minute})?(\d{{1,2}}){second}(\d{{3}})(?!\d)[{NBSP} ]?{unit}"


@dataclass(frozen=True)
class Phrases:
    """The house phrasings of race reports the fact-checker recognises (regexes, on text whose
    apostrophes are straight). What they do not match is left alone."""

    ordinals: tuple[str, ...]  # "first", "second", ... as words, position 1 first
    win: str  # a verb saying the driver before it won the race, or the race its group `race` names
    title: str  # ... that the driver before it won the title
    crowned: str  # one group: the category the driver before it is crowned in
    nth_win: str  # one or more groups, one of which is the ordinal word
    stated_position: str  # with {ordinal} and {driver} placeholders for alternations; groups: word, driver (either order)
    ordinals_other: tuple[str, ...] = ()  # another gender's ordinals, position 1 first
    # Pre-event claims about a title (the stakes): the competitor before the match...
    can_win: str | None = None  # ... can win the title this weekend (or in the race it names)
    already_won: str | None = None  # ... holds the title already
    race_number: str | None = None  # one group: the number of a race the sentence names


@dataclass(frozen=True)
class Typography:
    """Text rules applied to every text node: (pattern, replacement) in order."""

    rules: tuple[tuple[re.Pattern, str], ...] = ()

    def apply(self, text: str) -> str:
        for pattern, replacement in self.rules:
            text = pattern.sub(replacement, text)
        return text


def quote_rules(open_mark: str, close_mark: str) -> tuple[tuple[re.Pattern, str], ...]:
    """Straight double quotes around words -> the language's marks; never a seconds mark
    between digits (it 2'06"894) nor an inch after a number."""
    return (
        (re.compile(r'(?<![\w"])"(?=[^\s\d"])'), open_mark),
        (re.compile(r'(?<=[^\s\d"])"(?![\w"])'), close_mark),
    )


# An apostrophe between letters, never a minute mark (2'06''894) nor a quote around a number.
APOSTROPHE = (re.compile(r"(?<=[^\W\d_])'(?=\w)"), "\u2019")

# English single quotes: an opening one before a word, then any other after a letter or punctuation
# closes a quote or a plural possessive (teams' crown); never next to a digit (2'06''894).
_SINGLE_QUOTES = (
    (re.compile(r"(?<![\w'])'(?=[^\W\d_])"), "\u2018"),
    (re.compile(r"(?<=[^\s\d'])'(?![\w'])"), "\u2019"),
)

_FRENCH_SPACING = (
    (re.compile(r"[ \u00a0\u202f]*([;!?])(?=\s|$|<|[»)\]])"), NNBSP + r"\1"),  # narrow nbsp before ; ! ?
    (re.compile(r"[ \u00a0\u202f]+:"), NBSP + ":"),  # nbsp before a colon already spaced
    (re.compile(r"(?<=[^\W\d_])\s*:(?=\s)"), NBSP + ":"),  # word: -> word :
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),  # inside guillemets
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
)


@dataclass(frozen=True)
class LanguageStyle:
    """A language's house style. Everything not here comes from its CLDR locale."""

    code: str  # the season's language code: fr, en, it, pl
    locale: str  # the CLDR locale that formats it
    release_date: str  # a Babel date format name or pattern
    quote_open: str  # around a quote block
    quote_close: str
    time: TimeForm
    ordinal_suffixes: dict[str, str]  # by CLDR ordinal category; "other" required
    typography: Typography = Typography()
    phrases: Phrases | None = None
    inner_quotes: tuple[str, str] = ("\u201c", "\u201d")  # a quote inside a quote

    def quoted_inside(self, text: str) -> str:
        """The straight double quotes of a quote's own text as the inner marks (« “…” »)."""
        return Typography(quote_rules(*self.inner_quotes)).apply(text)

    @property
    def cldr(self) -> Locale:
        return _locale(self.locale)

    @property
    def own_name(self) -> str:
        """The language's name in itself, as a link label: Français, English, Italiano, Polski."""
        name = self.cldr.get_language_name(self.cldr) or self.code
        return name[:1].upper() + name[1:]

    def ordinal(self, n: int) -> str:
        category = self.cldr.ordinal_form(n)
        return f"{n}{self.ordinal_suffixes.get(category, self.ordinal_suffixes['other'])}"


@cache
def _locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


FRENCH_PHRASES = Phrases(
    ordinals=("première", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième", "huitième",
              "neuvième", "dixième", "onzième", "douzième"),
    ordinals_other=("premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième",
                    "huitième", "neuvième", "dixième"),
    win=r"s'imposait|s'impose\b|s'est imposée?|l'emportait|l'emporte|l'a emporté|s'offrait la victoire|"
        r"(?:remporte|remportait|a remporté|gagne|gagnait|a gagné) la course"
        r"(?: (?P<race>\d+))?|(?:remporte|remportait|a remporté|signe|signait|a signé|décroche|a décroché) la victoire",
    title=r"s'assurait (?:\w+ )?le titre|s'assure (?:\w+ )?le titre|décrochait le titre|remporte le titre",
    crowned=r"sacré (?:dans la catégorie|chez les) (\w+)",
    nth_win=r"pour la (\w+) fois de (?:l'année|la saison)|(\w+) victoire de (?:l'année|la saison)",
    stated_position=r"^({ordinal}), ({driver})",
    can_win=r"peut (?:être sacrée?|être champion(?:ne)?|remporter le titre|décrocher le titre|s'assurer le titre|"
            r"coiffer la couronne|être couronnée?)",
    already_won=r"est déjà (?:sacrée?|champion(?:ne)?|assurée? du titre)|a déjà (?:remporté|décroché|assuré|gagné) le titre",
    race_number=r"\bcourse (\d+)",
)

ENGLISH_PHRASES = Phrases(
    ordinals=("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
              "eleventh", "twelfth"),
    win=r"took the win|takes the win|won the race|wins the race|claimed victory|claims victory|took victory|takes victory|"
        r"take (?:his|her|the) \w+ win|(?:won|wins) race (?P<race>\d+)",
    title=r"wrapped up the title|wraps up the title|sealed the title|clinched the title|secured the title",
    crowned=r"crowned in the (\w+) category",
    nth_win=r"(?:his|her|their) (\w+) win of the (?:year|season)",
    stated_position=r"^(?:In ({ordinal}) place, ({driver})|({driver}) finished ({ordinal}))",
    can_win=r"can (?:be crowned|be champion|become champion|win the title|clinch the title|seal the title|"
            r"wrap up the title|secure the title)",
    already_won=r"(?:is|was) already (?:the )?champion|has already (?:won|clinched|sealed|secured|wrapped up) the title",
    race_number=r"\brace (\d+)",
)

ITALIAN_PHRASES = Phrases(
    ordinals=("prima", "seconda", "terza", "quarta", "quinta", "sesta", "settima", "ottava", "nona", "decima",
              "undicesima", "dodicesima"),
    ordinals_other=("primo", "secondo", "terzo", "quarto", "quinto", "sesto", "settimo", "ottavo", "nono",
                    "decimo", "undicesimo", "dodicesimo"),
    win=r"si impone|si imponeva|si è impost[oa]|conquista la vittoria|conquistava la vittoria|ha conquistato la vittoria|"
        r"(?:vince|vinceva|ha vinto) (?:la gara|la corsa|gara (?P<race>\d+))",
    title=r"conquista (?:\w+ )?il titolo|si assicura (?:\w+ )?il titolo|si aggiudica (?:\w+ )?il titolo",
    crowned=r"campione (?:nella categoria|tra i) (\w+)",
    nth_win=r"(?:la sua|alla sua) (\w+) vittoria (?:stagionale|della stagione|dell'anno)",
    stated_position=r"^(?:({ordinal}) posizione per ({driver})|({driver}) chiude ({ordinal}))",
    can_win=r"(?:può|potrebbe) (?:essere incoronat[oa]|laurearsi campion[ei]|conquistare il titolo|vincere il titolo|"
            r"aggiudicarsi il titolo|assicurarsi il titolo)",
    already_won=r"è già campion[ei]|ha già (?:conquistato|vinto|ottenuto) il titolo|si è già (?:assicurat[oa]|aggiudicat[oa]) il titolo",
    race_number=r"\bgara (\d+)",
)

STYLES: dict[str, LanguageStyle] = {
    style.code: style
    for style in (
        LanguageStyle(
            "fr", "fr_FR", "short", "«\u00a0", "\u00a0»",
            time=TimeForm("'", "''"),
            ordinal_suffixes={"one": "er", "other": "e"},
            typography=Typography(_FRENCH_SPACING + quote_rules("«\u00a0", "\u00a0»") + (APOSTROPHE,)),
            phrases=FRENCH_PHRASES,
        ),
        LanguageStyle(
            "en", "en_GB", "long", "\u201c", "\u201d",
            time=TimeForm(":", ".", "s"),
            inner_quotes=("\u2018", "\u2019"),
            ordinal_suffixes={"one": "st", "two": "nd", "few": "rd", "other": "th"},
            typography=Typography(quote_rules("\u201c", "\u201d") + (APOSTROPHE,) + _SINGLE_QUOTES),
            phrases=ENGLISH_PHRASES,
        ),
        # Italian press: 2'06"894 (prime and double prime, as Italian timing sheets and magazines
        # print them), gaps +0"284; ordinals with the masculine ordinal indicator: 1º, 2º; « » around
        # a quote, “ ” for the straight quotes of the prose (they may sit inside a quote).
        LanguageStyle(
            "it", "it_IT", "long", "«", "»",
            time=TimeForm("'", '"'),
            ordinal_suffixes={"other": "º"},
            typography=Typography(quote_rules("\u201c", "\u201d") + (APOSTROPHE,)),  # “ ” inside « »
            phrases=ITALIAN_PHRASES,
        ),
        # Polish: „…” quotes, decimal comma (2:06,894, +0,284 s), ordinals as a number and a full
        # stop (1.); no house phrasings yet, so the fact-checker's phrase checks are off.
        LanguageStyle(
            "pl", "pl_PL", "long", "\u201e", "\u201d",
            time=TimeForm(":", ",", NBSP + "s"),
            inner_quotes=("«", "»"),
            ordinal_suffixes={"other": "."},
            typography=Typography(quote_rules("\u201e", "\u201d") + (APOSTROPHE,)),
        ),
        # A new language: its entry here (README, "How to add a language").
    )
}


def codes() -> tuple[str, ...]:
    """Every language pressgen has a style for (a catalog and prose make it publishable)."""
    return tuple(STYLES)


def style(lang: str) -> LanguageStyle:
    return STYLES[lang]


def is_known(lang: str) -> bool:
    return lang in STYLES
