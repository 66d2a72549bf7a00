"""Printable PDFs (ReportLab, with an embedded CJK font so Chinese renders): the voter
register, the election certificate and a notice."""

import io
from functools import lru_cache
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

CJK_FONT_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
]
FONT = "SelfgovCJK"


def _otf_to_ttf(font) -> None:
    """CFF outlines → TrueType outlines, in place (fontTools' otf2ttf recipe; the same
    approach as services.receipts): ReportLab embeds only TrueType, and Debian's Noto CJK
    fonts are CFF."""
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
    maxp.maxZones = 1
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
    font["post"].formatType = 3.0
    font.sfntVersion = "\000\001\000\000"


@lru_cache(maxsize=16)
def _subset(chars: frozenset) -> bytes | None:
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    for path in CJK_FONT_PATHS:
        if not Path(path).exists():
            continue
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


def cjk_font(text: str) -> str:
    """A registered CJK font (Noto Sans CJK SC, cut down to `text`), or Helvetica when none
    is installed (Chinese then shows as boxes: install Debian's fonts-noto-cjk)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    chars = frozenset(text)
    data = _subset(chars)
    if data is None:
        return "Helvetica"
    name = f"{FONT}-{abs(hash(chars)) % 10**10}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    return name


def _document(title: str, lines: list[tuple[str, int]]) -> bytes:
    """A plain A4 document: a title, then (text, size) lines, paginated."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

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
    from gongzhi.selfgov.tally import elected_candidates

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
