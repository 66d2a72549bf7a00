"""PDFs with Chinese text (ReportLab). Debian's Noto CJK fonts have CFF outlines, which
ReportLab cannot embed, so the font is cut down to the characters a document uses and
converted to TrueType outlines (fontTools' otf2ttf recipe). Used by receipts, ballots,
registers, certificates and notices."""

import hashlib
import io
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportLabTTFont

CJK_FONT_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]
CJK_FONT_NAME = "NotoSansCJK"  # the family docs/deploy.md installs (fonts-noto-cjk)


def _otf_to_ttf(font) -> None:
    """Convert a (subset) CFF-outline font to TrueType outlines in place: ReportLab embeds
    only TrueType, and Debian's Noto CJK fonts are CFF (fontTools' otf2ttf recipe)."""

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


def _font_name(chars: frozenset) -> str:
    return f"{CJK_FONT_NAME}-{hashlib.sha1(''.join(sorted(chars)).encode()).hexdigest()[:12]}"


@lru_cache(maxsize=32)
def _cjk_subset(chars: frozenset) -> bytes | None:
    """The installed CJK font cut down to `chars`, as TrueType bytes (None: no font)."""
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
        # ReportLab keeps typefaces by PostScript name: every subset needs its own, or a
        # second document in the same process would use the first one's glyphs.
        unique = _font_name(chars)
        for record in font["name"].names:
            if record.nameID in (1, 4, 6):
                record.string = unique
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    return None


def cjk_font(text: str) -> str:
    """Register (once per character set) a CJK font holding the glyphs of `text` with
    ReportLab; its name, or Helvetica when no CJK font is installed (then Chinese shows
    as boxes: install fonts-noto-cjk)."""
    chars = frozenset(text)
    data = _cjk_subset(chars)
    if data is None:
        return "Helvetica"
    name = _font_name(chars)
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(ReportLabTTFont(name, io.BytesIO(data)))
    return name
