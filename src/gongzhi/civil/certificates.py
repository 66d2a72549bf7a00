"""The volunteer-service certificate (志愿服务证明) as a PDF (ReportLab, with an embedded CJK
font as core.pdf makes it): who, the period, the confirmed hours and entries, the issuing
organization and the verification code with the public page that checks it."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from gongzhi.core import text as core_text
from gongzhi.core.pdf import cjk_font


def certificate_pdf(certificate, verify_url: str) -> bytes:
    volunteer = certificate.volunteer
    title = _("Volunteer service certificate")
    lines = [
        _("This certifies that %(name)s served as a volunteer") % {"name": volunteer.resident.name},
        _("from %(a)s to %(b)s,")
        % {"a": certificate.period_from.isoformat(), "b": certificate.period_to.isoformat()},
        _("%(hours)s hours of confirmed service in %(n)d records.")
        % {"hours": certificate.hours, "n": certificate.entries},
        "",
        _("Issued by: %(issuer)s") % {"issuer": certificate.issuer},
        _("Date of issue: %(d)s")
        % {"d": timezone.localtime(certificate.created_at).date().isoformat()},
        "",
        _("Verification code: %(code)s") % {"code": certificate.code},
        _("Check it at: %(url)s") % {"url": verify_url},
    ]
    title = core_text.sanitize(title, multiline=False)
    lines = [core_text.sanitize(t, multiline=False) for t in lines]
    font = cjk_font(title + "".join(lines) + "0123456789")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    width, height = A4
    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 40 * mm, title)
    y = height - 65 * mm
    for line in lines:
        pdf.setFont(font, 13)
        pdf.drawString(25 * mm, y, line)
        y -= 10 * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
