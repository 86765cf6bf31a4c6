"""PDFs with WeasyPrint, for PEPs and the virtual school's reports.

Nothing is ever fetched over the network: the only resources are files under the
static folders, read from disk, and data: URLs."""

import logging
from pathlib import Path

from django.conf import settings

_font_config = None
# WeasyPrint reports every layout step at INFO; keep the logs to problems.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _fonts():
    """One font configuration for every document: building it is the slow part."""
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
    return _font_config


def _static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def _fetcher():
    """Files from the static folders and data: URLs; everything else is refused."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = _static_roots()

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith("file:"):
                raise ValueError(f"Refused to fetch {url}: PDFs use local files only.")
            from urllib.request import url2pathname

            path = Path(url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()
            if not any(path.is_relative_to(root) for root in roots) or not path.is_file():
                raise ValueError(f"Refused to read {path}: not a static file.")
            return URLFetcherResponse(url, path.read_bytes())

    return StaticFilesOnly(allowed_protocols={"file", "data"})


def render_pdf(html: str) -> bytes:
    """`html` as a PDF; relative URLs (images/logo.svg) are static files."""
    from weasyprint import HTML

    static = Path(settings.STATICFILES_DIRS[0]).resolve()
    document = HTML(
        string=html,
        base_url=static.as_uri() + "/",
        url_fetcher=_fetcher(),
        encoding="utf-8",
    )
    return document.write_pdf(font_config=_fonts())
