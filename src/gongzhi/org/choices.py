"""The enumerations of org (`models.TextChoices`), in one module as every app keeps them;
the models refer to them (`Model.Status` stays the name code uses)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeMemberPost(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice chair")
    MEMBER = "member", _("member")


class ProviderKind(models.TextChoices):
    CARE = "care", _("care provider")
    HOSPITAL = "hospital", _("hospital")
    SOCIAL = "social", _("social organization")
    COMPANY = "company", _("company")


class StaffEmployment(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("civil servant")
    SOCIAL_WORKER = "social_worker", _("community social worker")
    CONTRACT = "contract", _("contract staff")
    DISPATCHED = "dispatched", _("dispatched cadre")
    VOLUNTEER = "volunteer", _("volunteer")


class Ethnicity(models.TextChoices):
    # The 56 groups of GB/T 3304, code = order there.
    HAN = "01", _("Han")
    MONGOL = "02", _("Mongol")
    HUI = "03", _("Hui")
    TIBETAN = "04", _("Tibetan")
    UYGHUR = "05", _("Uyghur")
    MIAO = "06", _("Miao")
    YI = "07", _("Yi")
    ZHUANG = "08", _("Zhuang")
    BUYEI = "09", _("Buyei")
    KOREAN = "10", _("Korean")
    MANCHU = "11", _("Manchu")
    DONG = "12", _("Dong")
    YAO = "13", _("Yao")
    BAI = "14", _("Bai")
    TUJIA = "15", _("Tujia")
    HANI = "16", _("Hani")
    KAZAKH = "17", _("Kazakh")
    DAI = "18", _("Dai")
    LI = "19", _("Li")
    LISU = "20", _("Lisu")
    VA = "21", _("Va")
    SHE = "22", _("She")
    GAOSHAN = "23", _("Gaoshan")
    LAHU = "24", _("Lahu")
    SUI = "25", _("Sui")
    DONGXIANG = "26", _("Dongxiang")
    NAXI = "27", _("Naxi")
    JINGPO = "28", _("Jingpo")
    KYRGYZ = "29", _("Kyrgyz")
    TU = "30", _("Tu")
    DAUR = "31", _("Daur")
    MULAO = "32", _("Mulao")
    QIANG = "33", _("Qiang")
    BLANG = "34", _("Blang")
    SALAR = "35", _("Salar")
    MAONAN = "36", _("Maonan")
    GELAO = "37", _("Gelao")
    XIBE = "38", _("Xibe")
    ACHANG = "39", _("Achang")
    PUMI = "40", _("Pumi")
    TAJIK = "41", _("Tajik")
    NU = "42", _("Nu")
    UZBEK = "43", _("Uzbek")
    RUSSIAN = "44", _("Russian")
    EWENKI = "45", _("Ewenki")
    DEANG = "46", _("De'ang")
    BONAN = "47", _("Bonan")
    YUGUR = "48", _("Yugur")
    GIN = "49", _("Gin")
    TATAR = "50", _("Tatar")
    DERUNG = "51", _("Derung")
    OROQEN = "52", _("Oroqen")
    HEZHEN = "53", _("Hezhen")
    MONBA = "54", _("Monba")
    LHOBA = "55", _("Lhoba")
    JINO = "56", _("Jino")


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class StreetUnitKind(models.TextChoices):
    OFFICE = "office", _("office")
    SECTION = "section", _("section")
    CENTRE = "centre", _("centre")


class CommunityStructure(models.TextChoices):
    # Which bodies the community has (the seed's models).
    PARTY_STATION_COMMITTEE = (
        "party_station_committee",
        _("Party committee, station, residents' committee (一委一站一居)"),
    )
    PARTY_COMMITTEE_STATION = (
        "party_committee_station",
        _("Party committee, residents' committee, station (一委一居一站)"),
    )
    PARTY_COMMITTEE = (
        "party_committee",
        _("Party committee and residents' committee (一委一居)"),
    )
