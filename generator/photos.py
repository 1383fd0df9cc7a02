"""Photos: check a round's listed photo files, and make each edition's copy of them with Pillow.

Every copy is a baseline JPEG in sRGB, turned the way the camera's EXIF orientation says, with no
metadata (EXIF, GPS, XMP, colour profile) and the same bytes for the same file: Pillow's encoder
is deterministic for a given image and settings, and nothing here reads a clock.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # this module stays light: the edition records (editions/) name its sizes
    from .loader import Document

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png"}
PHOTO_FORMATS = {"JPEG", "PNG"}  # what Pillow must find inside, whatever the name says
PHOTO_MAX_BYTES = 40_000_000
PHOTO_MAX_PIXELS = 60_000_000  # above every press camera (a 61 MP sensor is 9504 x 6336)
PHOTOS_DIR = "photos"  # beside the round's releases in the output


@dataclass(frozen=True)
class Size:
    """One edition's copy: the longest side in pixels (None: full resolution) and JPEG quality."""

    suffix: str  # the output file name's ending after the photo's stem
    longest_side: int | None
    quality: int


# The web page shows a 1600 px copy and links the full resolution; the email shows a copy for a
# 600 px column at twice the density; the PDF embeds a print copy (2000 px over 174 mm: 290 dpi).
WEB = Size(".jpg", 1600, 82)
EMAIL = Size("-email.jpg", 1200, 80)
PRINT = Size("-print.jpg", 2000, 85)
FULL = Size("-full.jpg", None, 92)


def output_name(file: str, size: Size) -> str:
    """The copy's path inside the round's output folder: photos/<stem><suffix>."""
    return f"{PHOTOS_DIR}/{Path(file).stem}{size.suffix}"


def problem(path: Path) -> str | None:
    """Why this file cannot be a photo of a release, or None. Reads the header first, so a
    decompression bomb is refused before any pixel is decoded, then decodes the whole image
    once, so a truncated or damaged file is refused here and not halfway through a build."""
    from PIL import Image, UnidentifiedImageError

    if path.suffix.lower() not in PHOTO_SUFFIXES:
        return f"unsupported format {path.suffix or '(no extension)'}: a photo is a JPEG or PNG file"
    if not path.is_file():
        return "no such file in the round folder"
    if path.stat().st_size > PHOTO_MAX_BYTES:
        return f"the file is larger than {PHOTO_MAX_BYTES // 1_000_000} MB"
    from PIL import ImageFile

    tolerant = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint sets it on import: truncated files would pass
    try:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in PHOTO_FORMATS:
                    return f"unsupported format {image.format}: a photo is a JPEG or PNG file"
                if image.width * image.height > PHOTO_MAX_PIXELS:
                    return _bomb(image.width, image.height)
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"refused as a possible decompression bomb: more than {PHOTO_MAX_PIXELS:,} pixels"
    except UnidentifiedImageError:
        return "not an image file (Pillow recognises no image format in it)"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"the image is truncated or damaged ({exc})"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    return None


def _bomb(width: int, height: int) -> str:
    return (f"refused as a possible decompression bomb: {width} x {height} pixels is more than "
            f"{PHOTO_MAX_PIXELS:,}")


PDF_SCHEME = "pressgen-photo:"


def pdf_url(name: str, digest: str) -> str:
    """How the PDF's HTML names a photo: by content and file name (pressgen-photo:<sha>/<name>)."""
    return f"{PDF_SCHEME}{digest[:32]}/{name}"


def copy(path: Path, size: Size) -> bytes:
    """The edition's copy of a checked photo file, as JPEG bytes."""
    return _copy(str(path), file_digest(path), size)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=32)  # a round's copies serve every language of a build; the digest keys the content
def _copy(path: str, digest: str, size: Size) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(path) as original:
        image = ImageOps.exif_transpose(original)  # the camera's orientation applied
        image = _to_srgb(image, original.info.get("icc_profile"))
    if size.longest_side is not None and max(image.size) > size.longest_side:
        image.thumbnail((size.longest_side, size.longest_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif=, icc_profile= or comment: the copy carries pixels only. optimize: smaller Huffman
    # tables, still deterministic.
    image.save(out, "JPEG", quality=size.quality, optimize=True, subsampling="4:2:0")
    return out.getvalue()


def _to_srgb(image, icc_profile: bytes | None):
    """RGB pixels in sRGB: converted through the embedded colour profile when there is one
    (Adobe RGB, Display P3, a CMYK press profile); transparency laid on white."""
    from PIL import Image, ImageCms

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            mode = image.mode if image.mode in ("RGB", "CMYK", "L") else "RGB"
            return ImageCms.profileToProfile(image.convert(mode), source, _srgb(), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels are taken as sRGB, as a browser would
    return image.convert("RGB")


@lru_cache(maxsize=1)
def _srgb():
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def dimensions(path: Path) -> tuple[int, int]:
    """Width and height as shown (EXIF orientation applied), for the download links."""
    from PIL import Image

    with Image.open(path) as image:
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def photo_path(document: Document, file: str) -> Path:
    """A listed photo's file: a name relative to the round folder."""
    return (document.path.parent / file).resolve()
