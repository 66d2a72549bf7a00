"""Enumerations of the registry. Chinese labels come from the zh_Hans catalogue; imports
accept the Chinese label, the English label or the code (registry.imports)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BuildingKind(models.TextChoices):
    RESIDENTIAL = "residential", _("residential building")
    BUNGALOW = "bungalow", _("bungalow / courtyard")
    MIXED = "mixed", _("mixed use")
    COMMERCIAL = "commercial", _("commercial")
    PUBLIC = "public", _("public facility")


class HouseholdKind(models.TextChoices):
    REGISTERED = "registered", _("registered household")
    RENTED = "rented", _("renting household")
    COLLECTIVE = "collective", _("collective household")


class ResidenceType(models.TextChoices):
    REGISTERED = "registered", _("registered population")
    MIGRANT = "migrant", _("migrant population")
    FOREIGN = "foreign", _("foreign national")


class PoliticalStatus(models.TextChoices):
    CPC_MEMBER = "cpc", _("CPC member")
    CPC_PROBATIONARY = "cpc_probationary", _("CPC probationary member")
    CYL_MEMBER = "cyl", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "democratic_party", _("member of a democratic party")
    MASSES = "masses", _("ordinary citizen")


class Education(models.TextChoices):
    NONE = "none", _("no schooling")
    PRIMARY = "primary", _("primary school")
    JUNIOR = "junior", _("junior middle school")
    SENIOR = "senior", _("senior middle school / vocational")
    COLLEGE = "college", _("junior college")
    BACHELOR = "bachelor", _("bachelor's degree")
    POSTGRADUATE = "postgraduate", _("postgraduate")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("employed")
    SELF_EMPLOYED = "self_employed", _("self-employed")
    UNEMPLOYED = "unemployed", _("unemployed")
    RETIRED = "retired", _("retired")
    STUDENT = "student", _("student")
    PRESCHOOL = "preschool", _("pre-school child")
    OTHER = "other", _("other")


class Relation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    GRANDCHILD = "grandchild", _("grandchild")
    GRANDPARENT = "grandparent", _("grandparent")
    SIBLING = "sibling", _("sibling")
    OTHER_RELATIVE = "relative", _("other relative")
    NON_RELATIVE = "non_relative", _("not related")


class ResidentStatus(models.TextChoices):
    ACTIVE = "active", _("living here")
    MOVED_OUT = "moved_out", _("moved out")
    DECEASED = "deceased", _("deceased")


class EventKind(models.TextChoices):
    MOVE_IN = "move_in", _("moved in")
    MOVE_OUT = "move_out", pgettext_lazy("resident event", "moved out")
    TRANSFER = "transfer", _("changed household")
    SPLIT = "split", _("household split")
    MERGE = "merge", _("households merged")
    DEATH = "death", _("death")
    BIRTH = "birth", _("birth")
    CORRECTION = "correction", _("record corrected")
