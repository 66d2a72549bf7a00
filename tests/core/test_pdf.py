"""Chinese text in generated PDFs (core.pdf): the CJK font is embedded and every document
keeps its own glyphs, however many documents one process renders."""

import io
import shutil
import subprocess

import pytest
from reportlab.pdfgen import canvas

from gongzhi.core.pdf import cjk_font

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed (.ci/run installs it)"
)


def _pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(cjk_font(text), 14)
    pdf.drawString(72, 720, text)
    pdf.save()
    return buffer.getvalue()


def _text_and_fonts(data: bytes, tmp_path, name: str) -> tuple[str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return text, fonts


def test_two_documents_with_different_characters_both_render(tmp_path):
    # Subsets of the same face used to share a PostScript name; ReportLab then drew the
    # second document with the first one's glyphs and characters went missing.
    first, _ = _text_and_fonts(_pdf("受理回执 幸福社区"), tmp_path, "a.pdf")
    second, fonts = _text_and_fonts(_pdf("居民名册 选举委员会"), tmp_path, "b.pdf")
    assert "受理回执" in first
    assert "居民名册" in second and "选举委员会" in second
    assert "NotoSansCJK" in fonts
