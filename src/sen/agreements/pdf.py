"""Agreement PDFs with WeasyPrint: the document, and the final copy with its signature page.

- A4, one column, 11 pt DejaVu Sans (embedded and subset by WeasyPrint; no web fonts),
  so a phone shows it readably when zoomed to the page width.
- A typographic letterhead with the school's name and address on the first page (the
  School model has no logo), a running header with the school and the version after it,
  and "pagina X van Y" at the foot of every page.
- PDF/A: WeasyPrint 70 writes `pdf_variant="pdf/a-3b"` (it adds the sRGB output intent
  and the XMP metadata PDF/A asks for). Tried on this machine: the variant renders and
  pypdf and pdftoppm read it; it was not validated with veraPDF, so SEN does not claim
  conformance anywhere else.
- No network: the URL fetcher refuses every URL that is not `data:` (the HTML is built
  by SEN and holds none; this makes sure a slip can never fetch anything).
- Deterministic: the metadata dates and the file identifier come from the version, not
  from the clock, so rendering the same version twice gives the same bytes. The hash
  SEN stores is still the hash of the stored file.

The input is plain data (`PdfDocument`), not models: `sen.agreements.services.documents`
builds it from an `AgreementVersion`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sen.agreements.builtin_template import LABELS

logger = logging.getLogger(__name__)

CSS_PATH = Path(__file__).parent / "templates" / "agreements" / "pdf" / "agreement.css"
PDF_VARIANT = "pdf/a-3b"


@dataclass(frozen=True)
class SignatureLine:
    """One counting signature's evidence, as printed on the signature page."""

    name: str
    party: str
    role: str
    method: str
    signed_at: dt.datetime
    ip_address: str
    user_agent: str
    email: str
    document_sha256: str


@dataclass(frozen=True)
class PdfDocument:
    document_html: str  # the canonical <article> the parties sign
    lang: str
    title: str
    author: str
    school_name: str
    school_address: str
    version: int
    document_sha256: str
    created: dt.datetime  # written as the PDF's creation date (not the clock: same bytes)
    signatures: tuple[SignatureLine, ...] = field(default_factory=tuple)
    signed_at: dt.datetime | None = None


def _url_fetcher() -> Any:
    from weasyprint import URLFetcher

    class NoNetwork(URLFetcher):  # type: ignore[misc]
        """Refuses every URL but data: (ASVS 12/SSRF: a document never fetches anything)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                logger.warning("agreements.pdf.url_refused", extra={"scheme": url.split(":")[0]})
                raise ValueError("SEN agreement PDFs fetch no URLs")
            return super().fetch(url, headers)

    return NoNetwork(allowed_protocols={"data"})


def _css(lang: str) -> str:
    labels = LABELS[lang]
    css = CSS_PATH.read_text(encoding="utf-8")
    # The words of the page counter, as CSS strings (constants of builtin_template).
    return css.replace("__PAGE__", labels["page"]).replace("__OF__", labels["of"])


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _signature_page(doc: PdfDocument) -> str:
    labels = LABELS[doc.lang]
    esc = html.escape
    parts = [
        '<section class="signature-page">',
        f"<h1>{esc(labels['signature_page'])}</h1>",
        f"<p>{esc(labels['signature_intro'])}</p>",
        f'<p class="hash"><strong>{esc(labels["document_hash"])}</strong><br>'
        f"<code>{esc(doc.document_sha256)}</code></p>",
    ]
    if doc.signed_at:
        parts.append(f"<p>{esc(labels['all_signed'])} {esc(_utc(doc.signed_at))}.</p>")
    for line in doc.signatures:
        rows = [
            (labels["party"], line.party),
            (labels["role"], line.role),
            (labels["method"], line.method),
            (labels["signed_at"], _utc(line.signed_at)),
            (labels["email"], line.email or labels["unsigned_evidence"]),
            (labels["ip"], line.ip_address or labels["unsigned_evidence"]),
            (labels["user_agent"], line.user_agent or labels["unsigned_evidence"]),
            (labels["signed_text"], line.document_sha256),
        ]
        items = "".join(f"<dt>{esc(term)}</dt><dd>{esc(value)}</dd>" for term, value in rows)
        parts.append(
            f'<div class="signature"><h2>{esc(labels["signature_of"])}: {esc(line.name)}</h2>'
            f"<dl>{items}</dl></div>"
        )
    parts.append(f'<p class="verify">{esc(labels["verify_hint"])}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def page_html(doc: PdfDocument) -> str:
    """The whole HTML page WeasyPrint renders: letterhead, document, signature page."""
    labels = LABELS[doc.lang]
    esc = html.escape
    signed = bool(doc.signatures)
    head = (
        f'<!DOCTYPE html>\n<html lang="{esc(doc.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(doc.title)}</title>\n"
        f'<meta name="author" content="{esc(doc.author)}">\n'
        '<meta name="generator" content="SEN">\n</head>\n<body>\n'
    )
    letterhead = (
        '<header class="letterhead">\n'
        f'<p class="letterhead-school">{esc(doc.school_name)}</p>\n'
        f'<p class="letterhead-address">{esc(doc.school_address)}</p>\n'
        f'<p class="letterhead-document">{esc(labels["title"])} · '
        f'<span class="letterhead-version">{esc(labels["version"])} {doc.version}</span></p>\n'
        "</header>\n"
    )
    note = "" if signed else f'<p class="unsigned-note">{esc(labels["unsigned_note"])}</p>\n'
    tail = _signature_page(doc) if signed else ""
    return f"{head}{letterhead}{note}{doc.document_html}\n{tail}\n</body>\n</html>\n"


def render_pdf(doc: PdfDocument) -> bytes:
    """The PDF bytes of `doc` (A4, PDF/A-3b, no network, same input → same bytes)."""
    from weasyprint import CSS, HTML

    fetcher = _url_fetcher()
    rendered = HTML(string=page_html(doc), url_fetcher=fetcher).render(
        stylesheets=[CSS(string=_css(doc.lang), url_fetcher=fetcher)]
    )
    stamp = doc.created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rendered.metadata.created = stamp
    rendered.metadata.modified = (
        doc.signed_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if doc.signed_at else stamp
    )
    identifier = hashlib.sha256(
        f"{doc.document_sha256}:{len(doc.signatures)}".encode()
    ).hexdigest()[:32]
    data: bytes = rendered.write_pdf(
        pdf_variant=PDF_VARIANT, pdf_identifier=identifier.encode("ascii")
    )
    return data
