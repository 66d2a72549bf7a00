"""The columns of each import kind: what the template's headers are, which other names a
clerk's own file may use for them, and how a cell is read.

Headers in the template are the Chinese translations of the English labels below; a file
that does not follow the template is matched through `aliases` (Chinese and English), and
whatever is left can be mapped by hand in the preview form (or `--mapping` on the CLI).
"""

import re
from dataclasses import dataclass, field
from functools import cache

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.org.models import Ethnicity
from gongzhi.registry import choices

TEXT, ID_NUMBER, PHONE, DATE, ENUM, INT, DECIMAL = (
    "text",
    "id",
    "phone",
    "date",
    "enum",
    "int",
    "decimal",
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # lazy English msgid; the template shows its zh_Hans translation
    type: str = TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: object = None  # a TextChoices class
    max_length: int = 200
    min_value: float | None = None
    max_value: float | None = None
    help: str = ""
    example: str = ""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


BUILDINGS = Kind(
    "buildings",
    _("buildings"),
    (
        Column(
            "address",
            _("building address"),
            required=True,
            max_length=200,
            aliases=("地址", "楼栋地址", "楼栋", "门牌地址", "address", "building"),
            help=_("Unique within the community, e.g. 幸福路12号3号楼."),
            example="幸福路12号3号楼",
        ),
        Column(
            "name",
            _("building name"),
            required=True,
            max_length=100,
            aliases=("楼栋名称", "楼名", "楼号", "name"),
            example="3号楼",
        ),
        Column(
            "kind",
            _("building kind"),
            type=ENUM,
            choices=choices.BuildingKind,
            aliases=("类型", "楼栋类型", "kind", "type"),
        ),
        Column(
            "floors",
            _("floors"),
            type=INT,
            min_value=1,
            max_value=200,
            aliases=("楼层", "层数", "floors"),
            example="6",
        ),
        Column(
            "units",
            _("entrances"),
            type=INT,
            min_value=1,
            max_value=50,
            aliases=("单元", "单元数", "units", "entrances"),
            example="2",
        ),
        Column("estate", _("estate"), max_length=100, aliases=("小区", "小区名称", "estate")),
        Column(
            "grid",
            _("grid number"),
            type=INT,
            min_value=1,
            max_value=99,
            aliases=("网格", "网格号", "网格编号", "grid"),
            help=_("The grid's number within the community (1, 2, …)."),
        ),
        Column(
            "lat",
            _("latitude"),
            type=DECIMAL,
            min_value=-90,
            max_value=90,
            aliases=("纬度", "lat", "latitude"),
        ),
        Column(
            "lng",
            _("longitude"),
            type=DECIMAL,
            min_value=-180,
            max_value=180,
            aliases=("经度", "lng", "lon", "longitude"),
        ),
    ),
)

HOUSEHOLDS = Kind(
    "households",
    _("households"),
    (
        Column(
            "number",
            _("household number"),
            required=True,
            max_length=32,
            aliases=("户号", "户编号", "household", "household no", "number"),
            example="H0001",
        ),
        Column(
            "building",
            _("building address"),
            required=True,
            max_length=200,
            aliases=("楼栋地址", "楼栋", "所在楼栋", "building"),
            help=_("Must be a building already in the community."),
        ),
        Column(
            "room",
            _("room"),
            max_length=40,
            aliases=("房号", "门牌号", "室", "room"),
            example="1-101",
        ),
        Column(
            "kind",
            _("household kind"),
            type=ENUM,
            choices=choices.HouseholdKind,
            aliases=("户别", "户类型", "户籍类型", "kind"),
        ),
    ),
)

RESIDENTS = Kind(
    "residents",
    _("residents"),
    (
        Column(
            "name",
            pgettext_lazy("person", "name"),
            required=True,
            max_length=50,
            aliases=("姓名", "名字", "name"),
            example="张三",
        ),
        Column(
            "id_number",
            _("ID number"),
            type=ID_NUMBER,
            required=True,
            aliases=(
                "身份证号",
                "身份证",
                "身份证号码",
                "公民身份号码",
                "证件号码",
                "id",
                "id number",
            ),
            help=_("18 characters; the check digit is verified."),
            example="11010519491231002X",
        ),
        Column(
            "phone",
            _("phone"),
            type=PHONE,
            aliases=("电话", "手机", "手机号", "联系电话", "联系方式", "phone", "mobile"),
            example="13800138000",
        ),
        Column(
            "household",
            _("household number"),
            max_length=32,
            aliases=("户号", "户编号", "household"),
            help=_("Must be a household already in the community."),
        ),
        Column(
            "relation",
            _("relation to head"),
            type=ENUM,
            choices=choices.Relation,
            aliases=("与户主关系", "关系", "relation"),
        ),
        Column(
            "ethnicity", _("ethnicity"), type=ENUM, choices=Ethnicity, aliases=("民族", "ethnicity")
        ),
        Column(
            "residence_type",
            _("residence type"),
            type=ENUM,
            choices=choices.ResidenceType,
            aliases=("人口类型", "居住类型", "户籍性质", "residence type"),
        ),
        Column(
            "political_status",
            _("political status"),
            type=ENUM,
            choices=choices.PoliticalStatus,
            aliases=("政治面貌", "political status"),
        ),
        Column(
            "education",
            _("education"),
            type=ENUM,
            choices=choices.Education,
            aliases=("文化程度", "学历", "education"),
        ),
        Column(
            "employment",
            pgettext_lazy("resident", "employment"),
            type=ENUM,
            choices=choices.Employment,
            aliases=("就业状况", "就业", "职业状况", "employment"),
        ),
        Column(
            "birth_date",
            _("birth date"),
            type=DATE,
            aliases=("出生日期", "生日", "birth date", "birthday"),
            help=_("Optional; must agree with the ID number."),
        ),
        Column("died_on", _("date of death"), type=DATE, aliases=("死亡日期", "date of death")),
    ),
)

KINDS = {k.name: k for k in (BUILDINGS, HOUSEHOLDS, RESIDENTS)}


_NOISE = re.compile(r"[\s*＊:：()（）\[\]【】_\-]|必填|选填|required|optional")


def normalize_header(text) -> str:
    return _NOISE.sub("", str(text or "")).lower()


def zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


def en(label) -> str:
    with translation.override("en"):
        return str(label)


@cache
def header_names(kind_name: str) -> dict[str, str]:
    """normalized header → column key: the zh and en labels, the key and the aliases."""
    names: dict[str, str] = {}
    for col in KINDS[kind_name].columns:
        for name in (zh(col.label), en(col.label), col.key, *col.aliases):
            names.setdefault(normalize_header(name), col.key)
    return names


def match_headers(kind: Kind, headers: list[str], mapping: dict | None = None) -> dict[int, str]:
    """Column index → column key. `mapping` (header text or letter → key) wins over the
    automatic match; a header mapped to "" or "-" is ignored."""
    mapping = {normalize_header(k): v for k, v in (mapping or {}).items()}
    known = header_names(kind.name)
    keys = {c.key for c in kind.columns}
    result: dict[int, str] = {}
    for i, h in enumerate(headers):
        n = normalize_header(h)
        if n in mapping:
            if mapping[n] in keys:
                result[i] = mapping[n]
            continue
        if n and n in known and known[n] not in result.values():
            result[i] = known[n]
    return result


@cache
def enum_lookup(choices_cls) -> dict[str, str]:
    """Accepted spellings of each choice → its code: the code, the English label and the
    zh_Hans label (the registry catalogue's translation), compared without spaces/case."""
    table: dict[str, str] = {}
    for code, label in choices_cls.choices:
        for text in (code, en(label), zh(label)):
            table.setdefault(normalize_header(text), code)
        if choices_cls is Ethnicity:
            table.setdefault(normalize_header(zh(label)).removesuffix("族"), code)
    return table
