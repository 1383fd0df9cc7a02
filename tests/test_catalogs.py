"""`pressgen i18n`: the catalogs are complete, and a broken one fails the check with a located message."""

import shutil

import pytest

from generator.commands.i18n import Catalogs, check, extract
from generator.errors import DataError

from .conftest import ROOT
from .test_cli import pressgen


@pytest.fixture
def catalogs(tmp_path) -> Catalogs:
    """A copy of the sources and catalogs, to break on purpose."""
    for folder in ("generator", "templates", "locales"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    return Catalogs(tmp_path, tmp_path / "locales")


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path, text):
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_the_project_catalogs_pass_the_check():
    done = pressgen("i18n", "check")
    assert done.returncode == 0, done.stderr
    assert [line.rsplit("/", 3)[-3] for line in done.stdout.splitlines()] == ["en", "fr", "it", "pl"]
    count = pot_messages(ROOT / "locales/messages.pot")
    assert all(line.endswith(f": {count} messages, all translated") for line in done.stdout.splitlines())


def test_extract_leaves_an_up_to_date_template_alone(catalogs):
    before = catalogs.template.read_bytes()
    assert extract(catalogs) == [f"{catalogs.template}: up to date ({pot_messages(catalogs.template)} messages)"]
    assert catalogs.template.read_bytes() == before


def test_header_dates_do_not_make_the_template_stale(catalogs):
    text = catalogs.template.read_text(encoding="utf-8")
    start = text.index('"POT-Creation-Date: ')
    end = text.index("\\n", start)
    catalogs.template.write_text(text[:start] + '"POT-Creation-Date: 1999-01-01 00:00+0000' + text[end:], encoding="utf-8")
    assert len(check(catalogs)) == 4


def problems(catalogs) -> list[str]:
    with pytest.raises(DataError) as caught:
        check(catalogs)
    return [str(p) for p in caught.value.problems]


def test_a_new_template_string_makes_the_template_stale(catalogs):
    replace_in(catalogs.root / "templates/partials/article.html", "<h2>{{ _('They said') }}</h2>", "<h2>{{ _('They said') }} {{ _('today') }}</h2>")
    assert problems(catalogs) == [
        f"{catalogs.template}: error: out of date with the templates and sources: "
        "run `pressgen i18n extract`, then `pressgen i18n update`",
    ]


def test_an_untranslated_string_fails(catalogs):
    po = catalogs.locales / "it/LC_MESSAGES/messages.po"
    replace_in(po, 'msgstr "Hanno detto"', 'msgstr ""')
    line = line_of(po, 'msgid "They said"')
    assert problems(catalogs) == [f'{po}:{line}: error: msgid "They said" is untranslated']


def test_a_fuzzy_string_fails(catalogs):
    po = catalogs.locales / "fr/LC_MESSAGES/messages.po"
    replace_in(po, 'msgid "They said"', '#, fuzzy\nmsgid "They said"')
    line = line_of(po, 'msgid "They said"')
    assert problems(catalogs) == [
        f'{po}:{line}: error: msgid "They said" is fuzzy: '
        "check the translation, then remove the fuzzy flag"
    ]


def test_a_renamed_placeholder_fails(catalogs):
    po = catalogs.locales / "fr/LC_MESSAGES/messages.po"
    replace_in(po, 'msgstr "Course %(number)s : %(title)s"', 'msgstr "Course %(numero)s : %(title)s"')
    line = line_of(po, 'msgid "Race %(number)s: %(title)s"')
    assert problems(catalogs) == [
        f'{po}:{line}: error: msgid "Race %(number)s: %(title)s": placeholders differ: '
        "the source has %(number)s, %(title)s, the translation %(numero)s, %(title)s"
    ]


def test_a_string_missing_from_a_catalog_fails(catalogs):
    po = catalogs.locales / "en/LC_MESSAGES/messages.po"
    replace_in(po, 'msgid "They said"\nmsgstr "They said"\n', "")
    assert problems(catalogs) == [f'{po}: error: msgid "They said" is missing: run `pressgen i18n update`']


def pot_messages(path) -> int:
    """Messages in a POT file, counted by Babel's own reader (not by the code under test)."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        return sum(1 for message in read_po(handle) if message.id)
