"""The receipt (受理回执): tracking code, QR code (SVG, segno) pointing at the public
tracking page, and a printable PDF (ReportLab with a CJK font so Chinese renders)."""

import io

import segno
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from gongzhi.core import text as core_text
from gongzhi.core.pdf import cjk_font


def tracking_url(request, req) -> str:
    path = reverse("services_public:track") + "?code=" + req.tracking_code
    return request.build_absolute_uri(path) if request is not None else path


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def receipt_pdf(req, url: str) -> bytes:
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
    # A stored control character must not break the page (core.text).
    rows = [(label, core_text.sanitize(str(value), multiline=False)) for label, value in rows]
    materials = [core_text.sanitize(m, multiline=False) for m in req.materials_received]
    materials_label = _("Materials received")
    text = (
        title
        + footer
        + url
        + materials_label
        + "：☑ "
        + "".join(f"{a}{b}" for a, b in rows)
        + "".join(materials)
    )
    font = cjk_font(text)
    y = height - 20 * mm
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, y, title)
    pdf.setFont(font, 10)
    y -= 12 * mm
    for label, value in rows:
        pdf.drawString(15 * mm, y, f"{label}：{value}")
        y -= 7 * mm
    if materials:
        pdf.drawString(15 * mm, y, materials_label + "：")
        y -= 6 * mm
        for m in materials:
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
