"""The receipt (受理回执): tracking code, QR code (SVG, segno) pointing at the public
tracking page, and a printable PDF (ReportLab with a CJK font so Chinese renders)."""

import io
from functools import lru_cache
from pathlib import Path

import segno
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

CJK_FONT_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]
CJK_FONT_NAME = "NotoSansCJK"


def tracking_url(request, req) -> str:
    path = reverse("services_public:track") + "?code=" + req.tracking_code
    return request.build_absolute_uri(path) if request is not None else path


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def _otf_to_ttf(font) -> None:
    """Convert a (subset) CFF-outline font to TrueType outlines in place: ReportLab embeds
    only TrueType, and Debian's Noto CJK fonts are CFF (fontTools' otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\000\001\000\000"


@lru_cache(maxsize=32)
def _cjk_subset(chars: frozenset) -> bytes | None:
    """The installed CJK font cut down to `chars`, as TrueType bytes (None: no font)."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    for path in CJK_FONT_PATHS:
        if not Path(path).exists():
            continue
        number = 0
        if path.endswith(".ttc"):
            names = [f["name"].getDebugName(4) or "" for f in TTCollection(path, lazy=True).fonts]
            number = next((i for i, n in enumerate(names) if n.endswith(" SC")), 0)
        font = TTFont(path, fontNumber=number, lazy=False)
        options = subset.Options()
        options.layout_features = []
        options.notdef_outline = True
        options.name_IDs = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(chars)))
        subsetter.subset(font)
        if "CFF " in font:
            _otf_to_ttf(font)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    return None


def register_cjk_font(text: str) -> str:
    """Register (once per character set) a CJK font holding the glyphs of `text` with
    ReportLab; its name, or Helvetica when no CJK font is installed (then Chinese shows
    as boxes: install fonts-noto-cjk)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    chars = frozenset(text)
    data = _cjk_subset(chars)
    if data is None:
        return "Helvetica"
    name = f"{CJK_FONT_NAME}-{abs(hash(chars)) % 10**10}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    return name


def receipt_pdf(req, url: str) -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    width, height = A5
    pdf.setTitle(_("Receipt") + " " + req.tracking_code)
    title = _("Service request receipt")
    footer = _("Scan the code or enter the tracking code to follow it.")
    rows = [
        (_("Tracking code"), req.tracking_code),
        (_("Service item"), req.item.name),
        (_("Applicant"), req.applicant_name),
        (_("Community"), str(req.community or req.street)),
        (_("Submitted at"), timezone.localtime(req.submitted_at).strftime("%Y-%m-%d %H:%M")),
        (_("Promised by"), req.due_date.isoformat() if req.due_date else ""),
        (_("Status"), req.get_status_display()),
    ]
    materials_label = _("Materials received")
    text = (
        title
        + footer
        + url
        + materials_label
        + "：☑ "
        + "".join(f"{a}{b}" for a, b in rows)
        + "".join(req.materials_received)
    )
    font = register_cjk_font(text)
    y = height - 20 * mm
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, y, title)
    pdf.setFont(font, 10)
    y -= 12 * mm
    for label, value in rows:
        pdf.drawString(15 * mm, y, f"{label}：{value}")
        y -= 7 * mm
    if req.materials_received:
        pdf.drawString(15 * mm, y, materials_label + "：")
        y -= 6 * mm
        for m in req.materials_received:
            pdf.drawString(20 * mm, y, "☑ " + m)
            y -= 6 * mm
    widget = QrCodeWidget(url)
    x0, y0, x1, y1 = widget.getBounds()
    size = 35 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, width - size - 12 * mm, 12 * mm)
    pdf.setFont(font, 8)
    pdf.drawString(15 * mm, 20 * mm, footer)
    pdf.drawString(15 * mm, 15 * mm, url[:90])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
