"""Photos: the checks on a round's listed photo files (each with its message at the round file's
line), the copies each edition gets, what the web page, PDF and email show, the PDF fetcher's
admission rule, and photos as inputs of incremental builds, publishing and the preview.
The demo season (illustrative drawings) carries them; every image here is made by the test."""

import io
import json
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from generator import photos
from generator.build import BuildRequest, build
from generator.commands.validate import validate
from generator.errors import DataError

from .conftest import ROOT, SEASONS
from .goldens import pdf_text
from .test_release import flatten

DEMO = SEASONS / "2025-demo-cup"
ROUND = "02-bravo"


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    target = tmp_path / "2025-demo-cup"
    shutil.copytree(DEMO, target)
    return target


def round_folder(season: Path) -> Path:
    return season / "rounds" / ROUND


# --- images made here ------------------------------------------------------------------------------


def jpeg(size=(200, 100), colour=(200, 40, 40), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=90, **save)
    return out.getvalue()


def noisy_jpeg(size=(400, 300)) -> bytes:
    """A JPEG whose scan data is long enough to cut in half."""
    out = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds almost no pixel data: what a decompression bomb
    looks like before it is decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


def rgb_profile(red, green, blue, gamma=2.2) -> bytes:
    """A minimal ICC v2 RGB matrix profile with the given colorants (D50 XYZ), for a photo whose
    colours are not sRGB's."""
    def s15(v):
        return struct.pack(">i", round(v * 65536))

    def xyz(x, y, z):
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
    text = b"test primaries\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 8 + b"\0\0\0" + b"\0" * 67
    desc += b"\0" * (-len(desc) % 4)
    tags = [(b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(*red)), (b"gXYZ", xyz(*green)),
            (b"bXYZ", xyz(*blue)), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, data = struct.pack(">I", len(tags)), b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (struct.pack(">I", offset + len(data)) + b"\0" * 4 + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 28 + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 48)
    return header + table + data


# sRGB's colorants adapted to D50, as every sRGB ICC profile gives them.
SRGB_RED, SRGB_GREEN, SRGB_BLUE = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)


# --- the copies ---------------------------------------------------------------------------------------


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_a_copy_applies_the_exif_orientation(tmp_path):
    # Stored 40 x 20, left half red, right half blue; orientation 6: turn 90° clockwise to show.
    # Shown, it is 20 x 40 with the red half on top (worked by hand).
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 20, 20))
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "turned.jpg"
    image.save(path, "JPEG", quality=95, exif=exif)
    copy = opened(photos.copy(path, photos.WEB))
    assert copy.size == (20, 40)
    red, blue = copy.getpixel((10, 5)), copy.getpixel((10, 35))
    assert red[0] > 200 and red[2] < 60 and blue[2] > 200 and blue[0] < 60
    assert photos.dimensions(path) == (20, 40)


def test_a_copy_carries_no_metadata(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS: where the photographer stood
    path = tmp_path / "tagged.jpg"
    path.write_bytes(jpeg(exif=exif, icc_profile=rgb_profile(SRGB_RED, SRGB_GREEN, SRGB_BLUE), comment=b"secret"))
    assert {"exif", "icc_profile"} <= opened(path.read_bytes()).info.keys()
    for size in (photos.WEB, photos.EMAIL, photos.PRINT, photos.FULL):
        copy = opened(photos.copy(path, size))
        assert not {"exif", "icc_profile", "comment", "xmp"} & copy.info.keys()
        assert dict(copy.getexif()) == {}


def test_a_copy_is_converted_to_srgb(tmp_path):
    # A profile whose red and green colorants are sRGB's green and red: its pure red is sRGB green.
    path = tmp_path / "swapped.jpg"
    path.write_bytes(jpeg(colour=(200, 0, 0), icc_profile=rgb_profile(SRGB_GREEN, SRGB_RED, SRGB_BLUE)))
    r, g, b = opened(photos.copy(path, photos.WEB)).getpixel((50, 50))
    assert g > 180 and r < 20 and b < 20
    untagged = tmp_path / "untagged.jpg"
    untagged.write_bytes(jpeg(colour=(200, 0, 0)))
    r, g, b = opened(photos.copy(untagged, photos.WEB)).getpixel((50, 50))  # no profile: taken as sRGB
    assert r > 180 and g < 20 and b < 20


def test_transparency_is_laid_on_white(tmp_path):
    path = tmp_path / "clear.png"
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(path)
    assert opened(photos.copy(path, photos.WEB)).getpixel((5, 5)) == (255, 255, 255)


def test_each_edition_gets_its_size(tmp_path):
    path = tmp_path / "wide.jpg"
    path.write_bytes(jpeg(size=(3000, 1000)))
    sizes = {s: opened(photos.copy(path, s)).size for s in (photos.WEB, photos.EMAIL, photos.PRINT, photos.FULL)}
    assert sizes == {photos.WEB: (1600, 533), photos.EMAIL: (1200, 400), photos.PRINT: (2000, 667), photos.FULL: (3000, 1000)}


def test_copies_are_the_same_bytes_in_another_process(tmp_path):
    path = tmp_path / "noisy.jpg"
    path.write_bytes(noisy_jpeg())
    here = photos.copy(path, photos.WEB)
    script = f"from pathlib import Path; from generator import photos; import sys; sys.stdout.buffer.write(photos.copy(Path({str(path)!r}), photos.WEB))"
    there = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, cwd=ROOT).stdout
    assert here == there


# --- bad images, each at the round file's line ---------------------------------------------------


def lead_line(season: Path) -> tuple[str, int]:
    """round.yaml's line listing the lead photo's file (counted from the file, 1-based)."""
    lines = (round_folder(season) / "round.yaml").read_text(encoding="utf-8").splitlines()
    return "  - file: podium.jpg", lines.index("  - file: podium.jpg") + 1


def with_lead_file(season: Path, name: str, content: bytes | None) -> int:
    """List `name` as the lead photo (written with `content` unless None); its line number."""
    old, line = lead_line(season)
    path = round_folder(season) / "round.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, f"  - file: {name}"), encoding="utf-8")
    if content is not None:
        (round_folder(season) / name).write_bytes(content)
    return line


def problems(season: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        validate(season)
    prefix = f"{round_folder(season) / 'round.yaml'}:"
    return [str(p).replace(prefix, "round.yaml:") for p in caught.value.problems]


BAD_IMAGES = {
    "not-an-image": ("notes.jpg", b"These are the photographer's notes, not a picture.\n",
                     "notes.jpg: not an image file (Pillow recognises no image format in it)"),
    "gif-by-name": ("podium.gif", b"GIF89a" + b"\0" * 20, "podium.gif: unsupported format .gif: a photo is a JPEG or PNG file"),
    "gif-inside-a-png-name": ("podium2.png", None, "podium2.png: unsupported format GIF: a photo is a JPEG or PNG file"),
    "above-our-limit": ("huge.png", png_header_only(8000, 8000),
                        "huge.png: refused as a possible decompression bomb: 8000 x 8000 pixels is more than 60,000,000"),
    "above-pillows-limit": ("bomb.png", png_header_only(30000, 30000),
                            "bomb.png: refused as a possible decompression bomb: more than 60,000,000 pixels"),
    "missing": ("gone.jpg", None, "gone.jpg: no such file in the round folder"),
}


@pytest.mark.parametrize("case", BAD_IMAGES, ids=list(BAD_IMAGES))
def test_a_bad_image_is_reported_at_its_line(demo_copy, case):
    name, content, message = BAD_IMAGES[case]
    if case == "gif-inside-a-png-name":
        out = io.BytesIO()
        Image.new("P", (10, 10)).save(out, "GIF")
        content = out.getvalue()
    line = with_lead_file(demo_copy, name, content)
    assert problems(demo_copy) == [f"round.yaml:{line}:11: photos[0].file: error: {message}"]


def test_a_truncated_image_is_reported_at_its_line(demo_copy):
    import weasyprint  # noqa: F401  (it lets Pillow load truncated images, process-wide: the check must not)

    whole = noisy_jpeg()
    line = with_lead_file(demo_copy, "cut.jpg", whole[: len(whole) // 2])
    [reported] = problems(demo_copy)
    assert reported.startswith(f"round.yaml:{line}:11: photos[0].file: error: cut.jpg: the image is truncated or damaged (")


def test_a_photo_outside_the_round_folder_is_refused(demo_copy):
    line = with_lead_file(demo_copy, "../01-alpha/podium.jpg", None)
    shutil.copy(round_folder(demo_copy) / "podium.jpg", demo_copy / "rounds" / "01-alpha" / "podium.jpg")
    assert problems(demo_copy) == [f"round.yaml:{line}:11: photos[0].file: error: a photo must be a file inside the round folder"]


def test_missing_alt_text_is_reported_at_its_line(demo_copy):
    path = round_folder(demo_copy) / "round.yaml"
    text = path.read_text(encoding="utf-8")
    old = '    alt: {fr: "Dessin de trois pilotes sur un podium à trois marches", en: "Drawing of three drivers on a three-step podium"}'
    line = text.splitlines().index(old) + 1
    path.write_text(text.replace(old, '    alt: {en: "Drawing of three drivers on a three-step podium"}'), encoding="utf-8")
    assert problems(demo_copy) == [
        f"round.yaml:{line}:10: photos[0].alt: error: no alt text in fr: describe the photo for readers who cannot see it"
    ]


def test_a_missing_translated_alt_text_is_a_warning_and_the_source_stands_in(demo_copy, tmp_path):
    path = round_folder(demo_copy) / "round.yaml"
    text = path.read_text(encoding="utf-8")
    old = '    alt: {fr: "Dessin de trois pilotes sur un podium à trois marches", en: "Drawing of three drivers on a three-step podium"}'
    line = text.splitlines().index(old) + 1
    path.write_text(text.replace(old, '    alt: {fr: "Dessin de trois pilotes sur un podium à trois marches"}'), encoding="utf-8")
    report = build(BuildRequest(demo_copy, tmp_path / "out", round_id=ROUND, langs=("en",), formats=("html",)))
    assert (f"{round_folder(demo_copy) / 'round.yaml'}:{line}:10: photos[0].alt: warning: no alt text in en: "
            "the fr text stands in until it is translated") in report.warnings
    page = (tmp_path / "out" / "2025-demo-cup" / ROUND / f"{ROUND}-en.html").read_text(encoding="utf-8")
    assert 'alt="Dessin de trois pilotes sur un podium à trois marches"' in page


def test_two_lead_photos_are_refused(demo_copy):
    path = round_folder(demo_copy) / "round.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("  - file: start.png") + 2
    path.write_text(text.replace("  - file: start.png\n", "  - file: start.png\n    lead: true\n"), encoding="utf-8")
    assert problems(demo_copy) == [f"round.yaml:{line}:11: photos[1].lead: error: photos[0] is already the lead photo"]


# --- the releases ------------------------------------------------------------------------------------


@pytest.fixture
def demo_out(bravo_folder) -> Path:
    """The round 02-bravo in every edition (built once a session)."""
    return bravo_folder


def test_the_web_page_shows_the_lead_photo_and_links_every_photo(demo_out):
    page = (demo_out / f"{ROUND}-en.html").read_text(encoding="utf-8")
    assert '<img src="photos/podium.jpg" alt="Drawing of three drivers on a three-step podium">' in page
    assert ("<figcaption>The race 1 podium (illustrative drawing) "
            '<span class="credit">Photo: Demo Cup / illustration</span></figcaption>') in page
    assert '<a href="photos/podium-full.jpg">The race 1 podium (illustrative drawing)</a>' in page
    assert '<a href="photos/start-full.jpg">The race 2 starting grid (illustrative drawing)</a>' in page
    assert "(JPEG, 640 × 400 pixels, Photo: Demo Cup / illustration)" in page  # the drawing's own size
    assert opened((demo_out / "photos" / "podium.jpg").read_bytes()).size == (640, 400)
    assert opened((demo_out / "photos" / "start-full.jpg").read_bytes()).size == (640, 360)


def test_photo_copies_are_in_the_manifest_once(demo_out):
    files = json.loads((demo_out / "manifest.json").read_text(encoding="utf-8"))["files"]
    copies = {f["name"]: (f["lang"], f["edition"]) for f in files if f["edition"] == "photo"}
    assert copies == {name: (None, "photo") for name in
                      ("photos/podium.jpg", "photos/podium-full.jpg", "photos/podium-email.jpg",
                       "photos/start.jpg", "photos/start-full.jpg")}


def test_the_pdf_shows_the_lead_photo_with_caption_and_credit(demo_out):
    data = (demo_out / f"{ROUND}-fr.pdf").read_bytes()
    first = PdfReader(io.BytesIO(data)).pages[0]
    sizes = sorted(image.image.size for image in first.images)  # the season's logo, and the photo
    assert sizes == [(240, 80), (640, 400)]  # the photo's print copy: the 640 px drawing, not enlarged
    text = flatten(pdf_text(data))
    assert "Le podium de la course 1 (dessin d'illustration) Photo : Demo Cup / illustration" in text.replace("\u2019", "'")


def test_the_pdf_with_a_photo_conforms_to_pdf_a_3a(demo_out):
    import page

    report = page.validate_pdf_bytes((demo_out / f"{ROUND}-en.pdf").read_bytes(), profile="3a")
    assert [(f.rule_id, f.message) for f in report.failures] == []


def test_the_email_shows_the_hosted_lead_photo(demo_out):
    email = (demo_out / f"{ROUND}-en.email.html").read_text(encoding="utf-8")
    src = "https://press.demo-cup.example/releases/2025-demo-cup/02-bravo/photos/podium-email.jpg"
    assert f'src="{src}"' in email
    assert 'alt="Drawing of three drivers on a three-step podium"' in email
    assert 'href="https://press.demo-cup.example/releases/2025-demo-cup/02-bravo/photos/start-full.jpg"' in email


def test_without_a_base_url_the_email_omits_the_photo_and_says_so(demo_copy, tmp_path):
    season_file = demo_copy / "season.yaml"
    text = season_file.read_text(encoding="utf-8")
    season_file.write_text("\n".join(line for line in text.splitlines() if not line.startswith("site:")) + "\n", encoding="utf-8")
    _, line = lead_line(demo_copy)
    report = build(BuildRequest(demo_copy, tmp_path / "out", round_id=ROUND, langs=("en",), formats=("email",)))
    email = (tmp_path / "out" / "2025-demo-cup" / ROUND / f"{ROUND}-en.email.html").read_text(encoding="utf-8")
    assert "<img" not in email and "podium" not in email
    where = round_folder(demo_copy) / "round.yaml"
    assert (f"{where}:{line + 1}:11: photos[0].lead: warning: the email shows no lead photo: "
            "the season gives no site.base_url to show it from") in report.warnings


# --- the PDF's URL fetcher ---------------------------------------------------------------------------


def test_the_pdf_fetcher_admits_exactly_the_listed_photos(tmp_path):
    from generator.pdf import Printer

    listed, unlisted = tmp_path / "listed.jpg", tmp_path / "unlisted.jpg"
    listed.write_bytes(jpeg(size=(3000, 1500)))
    unlisted.write_bytes(jpeg(size=(300, 150), colour=(0, 0, 200)))
    listed_url = photos.pdf_url("listed.jpg", photos.file_digest(listed))
    asked = [listed_url, listed.as_uri(), unlisted.as_uri(), photos.pdf_url("unlisted.jpg", photos.file_digest(unlisted))]
    images = "".join(f'<img src="{url}" alt="{i}">' for i, url in enumerate(asked))
    printer = Printer()
    pdf = printer.pdf(f'<html lang="en"><head><title>t</title></head><body><p>x</p>{images}</body></html>',
                      photos={listed_url: photos.copy(listed, photos.PRINT)})
    assert printer.refused == asked[1:]  # the listed photo's own file: URL too: only its copy is handed over
    [image] = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert image.image.size == (2000, 1000)  # the print copy, not the 3000 px file


# --- incremental builds, publishing, preview ---------------------------------------------------------


def test_a_changed_photo_rebuilds_its_round_and_copies(demo_copy, tmp_path):
    out = tmp_path / "out"
    build(BuildRequest(demo_copy, out, formats=("html",)))
    (round_folder(demo_copy) / "podium.jpg").write_bytes(jpeg(size=(640, 400), colour=(10, 200, 10)))
    report = build(BuildRequest(demo_copy, out, formats=("html",)))
    written = sorted(p.relative_to(out).as_posix() for p in report.files if p.suffix != ".json" and p.name != "index.html")
    assert written == [f"2025-demo-cup/02-bravo/{name}" for name in
                       ("02-bravo-en.html", "02-bravo-fr.html", "photos/podium-full.jpg", "photos/podium.jpg")]


def test_publishing_freezes_the_photo_files(demo_copy, tmp_path):
    import datetime as dt

    from generator.commands.publish import PublishRequest, publish

    archive = tmp_path / "archive"
    first = publish(PublishRequest(demo_copy, ROUND, dt.date(2025, 5, 19), archive)).folder
    inputs = first / "inputs" / "2025-demo-cup" / "rounds" / ROUND
    assert (inputs / "podium.jpg").read_bytes() == (round_folder(demo_copy) / "podium.jpg").read_bytes()
    assert (inputs / "start.png").is_file()
    assert (first / "photos" / "podium-full.jpg").is_file()
    (round_folder(demo_copy) / "podium.jpg").write_bytes(jpeg(size=(640, 400), colour=(10, 200, 10)))
    second = publish(PublishRequest(demo_copy, ROUND, dt.date(2025, 5, 20), archive)).folder
    assert second is not None and second.name == "v2"  # a new picture is a new version


def test_the_preview_serves_the_photo_copies(demo_copy):
    from generator.preview import Site, photo_response

    site = Site(demo_copy)
    page = site.response(f"/2025-demo-cup/{ROUND}/{ROUND}-en.html")[1]
    assert 'src="photos/podium.jpg"' in page
    copy = photo_response(site, f"/2025-demo-cup/{ROUND}/photos/podium.jpg")
    assert opened(copy).size == (640, 400)
    assert photo_response(site, f"/2025-demo-cup/{ROUND}/round.yaml") is None
    (round_folder(demo_copy) / "podium.jpg").write_bytes(jpeg(size=(320, 200)))
    site.refresh({round_folder(demo_copy) / "podium.jpg"})
    assert opened(photo_response(site, f"/2025-demo-cup/{ROUND}/photos/podium.jpg")).size == (320, 200)
    assert "320 × 200" in site.response(f"/2025-demo-cup/{ROUND}/{ROUND}-en.html")[1]


def test_a_round_with_photos_rebuilds_byte_identical_elsewhere(demo_out, tmp_path):
    """Another process, another season folder, another output folder: the same bytes."""
    season = tmp_path / "elsewhere" / "2025-demo-cup"
    shutil.copytree(DEMO, season)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(season), "--round", ROUND, "--format", "html,pdf,email,text",
         "--out", str(out), "--quiet"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    second = out / "2025-demo-cup" / ROUND
    files = sorted(p.relative_to(demo_out) for p in demo_out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert len([f for f in files if f.parent.name == "photos"]) == 5
    for name in files:
        assert (demo_out / name).read_bytes() == (second / name).read_bytes(), name
