"""Printable PDFs (ReportLab, with an embedded CJK font so Chinese renders): the voter
register, the election certificate and a notice."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from gongzhi.core import text as core_text
from gongzhi.core.pdf import cjk_font
from gongzhi.selfgov.queries import elected_candidates


def _document(title: str, lines: list[tuple[str, int]]) -> bytes:
    """A plain A4 document: a title, then (text, size) lines, paginated."""
    # A stored control character must not break the page (core.text).
    title = core_text.sanitize(title, multiline=False)
    lines = [(core_text.sanitize(t, multiline=False), size) for t, size in lines]
    footer = _("Printed %(t)s · gongzhi") % {"t": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    font = cjk_font(title + footer + "".join(t for t, _s in lines) + "0123456789")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    width, height = A4
    y = height - 25 * mm

    def heading():
        nonlocal y
        pdf.setFont(font, 16)
        pdf.drawCentredString(width / 2, y, title)
        y -= 12 * mm

    heading()
    for text, size in lines:
        if y < 20 * mm:
            pdf.showPage()
            y = height - 25 * mm
            heading()
        pdf.setFont(font, size)
        pdf.drawString(20 * mm, y, text)
        y -= size * 0.5 * mm + 3 * mm
    pdf.setFont(font, 8)
    pdf.drawString(20 * mm, 10 * mm, footer)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def register_pdf(election) -> bytes:
    voters = election.voters.filter(active=True).select_related("household").order_by("name", "pk")
    lines = [
        (
            _("Community: %(c)s · election day: %(d)s")
            % {"c": election.community.name, "d": election.election_day.isoformat()},
            11,
        ),
        (_("Voters: %(n)d") % {"n": voters.count()}, 11),
    ]
    for i, v in enumerate(voters, 1):
        address = v.household.address if v.household else ""
        lines.append((f"{i:>5}  {v.name}  {address}", 10))
    return _document(_("Voter register: %(t)s") % {"t": election.title}, lines)


def certificate_pdf(election) -> bytes:
    lines = [
        (_("Community: %(c)s") % {"c": election.community.name}, 12),
        (_("Election day: %(d)s") % {"d": election.election_day.isoformat()}, 12),
        ("", 8),
    ]
    for result in election.results.order_by("round"):
        lines.append(
            (
                _("Round %(r)d: %(v)d of %(n)d registered voters voted")
                % {"r": result.round, "v": result.voted, "n": result.registered},
                11,
            )
        )
    lines.append(("", 8))
    lines.append((_("The following were elected members of the residents' committee:"), 12))
    for c in elected_candidates(election):
        lines.append((f"    {c.voter.name}    {_('%(n)d votes') % {'n': c.votes}}", 12))
    lines += [("", 8), (_("Election committee:"), 11)]
    lines += [
        (f"    {name}", 11) for name in election.election_committee.splitlines() if name.strip()
    ]
    return _document(_("Election certificate · %(t)s") % {"t": election.title}, lines)


def notice_pdf(notice) -> bytes:
    lines = [
        (
            f"{notice.community.name} · {notice.get_category_display()} · {notice.publish_on.isoformat()}",
            10,
        ),
        ("", 6),
    ]
    for paragraph in notice.body.splitlines():
        while len(paragraph) > 40:
            lines.append((paragraph[:40], 12))
            paragraph = paragraph[40:]
        lines.append((paragraph, 12))
    return _document(notice.title, lines)
