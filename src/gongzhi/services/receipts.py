"""The receipt (受理回执): tracking code, QR code (SVG, segno) pointing at the public
tracking page, and a printable PDF (ReportLab with a CJK font so Chinese renders); and the
decision document of a delegated approval (下沉审批决定书), printed the same way."""

import io

import segno
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, A5
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


def _request_rows(req) -> list[tuple[str, str]]:
    """The rows every document about a request begins with."""
    return [
        (_("Tracking code"), req.tracking_code),
        (_("Service item"), req.item.name),
        (_("Applicant"), req.applicant_name),
        (_("Community"), str(req.community or req.street)),
        (_("Submitted at"), timezone.localtime(req.submitted_at).strftime("%Y-%m-%d %H:%M")),
    ]


def _head(pdf, font, title, rows, *, top, gap, sizes, indent, step) -> float:
    """The title centred `top` mm below the page's top, then `gap` mm lower the `label：value`
    rows, `step` mm apart (lengths in mm); answers where the next line goes. Rows are already
    sanitized (core.text)."""
    width, height = pdf._pagesize
    y = height - top * mm
    pdf.setFont(font, sizes[0])
    pdf.drawCentredString(width / 2, y, title)
    pdf.setFont(font, sizes[1])
    y -= gap * mm
    for label, value in rows:
        pdf.drawString(indent * mm, y, f"{label}：{value}")
        y -= step * mm
    return y


def receipt_pdf(req, url: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    width, height = A5
    pdf.setTitle(_("Receipt") + " " + req.tracking_code)
    title = _("Service request receipt")
    footer = _("Scan the code or enter the tracking code to follow it.")
    rows = [
        *_request_rows(req),
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
    y = _head(pdf, font, title, rows, top=20, gap=12, sizes=(16, 10), indent=15, step=7)
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


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters (Chinese has no spaces to break at)."""
    lines = []
    for paragraph in text.splitlines() or [""]:
        lines += [paragraph[i : i + width] for i in range(0, len(paragraph), width)] or [""]
    return lines


def decision_pdf(req) -> bytes:
    """The decision on a request for an item with delegated approval: what was decided, the
    decision's text, who decided it for which community, and when."""

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    title = _("Decision on a delegated approval (下沉审批)")
    pdf.setTitle(title + " " + req.tracking_code)
    decider = req.decided_by
    decider_name = (decider.get_full_name() or decider.get_username()) if decider else ""
    rows = [
        *_request_rows(req),
        (pgettext("delegated approval", "Decision"), req.get_decision_display()),
        (_("Decided by"), decider_name),
        (
            _("Decided at"),
            timezone.localtime(req.decided_at).strftime("%Y-%m-%d %H:%M") if req.decided_at else "",
        ),
    ]
    rows = [(label, core_text.sanitize(str(value), multiline=False)) for label, value in rows]
    body = _wrap(core_text.sanitize(req.decision_text, multiline=True), 38)
    text_label = _("Reasons and content of the decision")
    footer = _("Decided by the community service station under the delegated approval.")
    font = cjk_font(
        title + text_label + footer + "：" + "".join(f"{a}{b}" for a, b in rows) + "".join(body)
    )
    y = _head(pdf, font, title, rows, top=25, gap=15, sizes=(18, 11), indent=20, step=8) - 4 * mm
    pdf.drawString(20 * mm, y, text_label + "：")
    y -= 8 * mm
    for line in body:
        if y < 30 * mm:
            pdf.showPage()
            pdf.setFont(font, 11)
            y = height - 25 * mm
        pdf.drawString(25 * mm, y, line)
        y -= 7 * mm
    pdf.setFont(font, 9)
    pdf.drawString(20 * mm, 18 * mm, footer)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
