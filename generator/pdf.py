"""Print: HTML -> PDF with WeasyPrint, fetching nothing but the template assets.

WeasyPrint is imported on first use only (it costs about a second), and one font configuration
and one cache serve every document of a process.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from .render import ASSETS_DIR


class Printer:
    """Turns release HTML into PDF bytes; reuse one instance for a whole build."""

    def __init__(self, assets: Path = ASSETS_DIR):
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        self._weasyprint = weasyprint
        self._assets = assets.resolve()
        self._font_config = FontConfiguration()
        self._cache: dict = {}
        self.refused: list[str] = []  # URLs the documents asked for and did not get

    def pdf(self, html: str) -> bytes:
        fetcher = _asset_fetcher(self._weasyprint, self._assets, self.refused)
        document = self._weasyprint.HTML(string=html, base_url=self._assets.as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(font_config=self._font_config, cache=self._cache)


def _asset_fetcher(weasyprint, assets: Path, refused: list[str]):
    """A URL fetcher confined to the assets folder (and data: URLs): no network, no other file."""

    class AssetFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or _inside(url, assets):
                return super().fetch(url, headers)
            refused.append(url)
            raise ValueError(f"pressgen fetches only its template assets; refused {url}")

    return AssetFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def _inside(url: str, folder: Path) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return path.is_relative_to(folder) and path.is_file()
