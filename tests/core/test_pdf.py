"""Chinese text in generated PDFs (core.pdf): the CJK font is embedded and every document
keeps its own glyphs, however many documents one process renders."""

import io

from reportlab.pdfgen import canvas

from gongzhi.core.pdf import cjk_font
from tests.tools import pdffonts, pdftotext


def _pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(cjk_font(text), 14)
    pdf.drawString(72, 720, text)
    pdf.save()
    return buffer.getvalue()


def _text_and_fonts(data: bytes, tmp_path, name: str) -> tuple[str, str]:
    return pdftotext(data), pdffonts(data)


def test_two_documents_with_different_characters_both_render(tmp_path):
    # Subsets of the same face used to share a PostScript name; ReportLab then drew the
    # second document with the first one's glyphs and characters went missing.
    first, _ = _text_and_fonts(_pdf("受理回执 幸福社区"), tmp_path, "a.pdf")
    second, fonts = _text_and_fonts(_pdf("居民名册 选举委员会"), tmp_path, "b.pdf")
    assert "受理回执" in first
    assert "居民名册" in second and "选举委员会" in second
    assert "NotoSansCJK" in fonts
