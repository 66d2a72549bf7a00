"""The enumerations of selfgov (`models.TextChoices`), in one module as every app keeps them;
the models refer to them (`Model.Status` stays the name code uses)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PetitionBasis(models.TextChoices):
    ADULTS = "adults", _("adult residents (1/5)")
    HOUSEHOLDS = "households", _("households (1/5)")
    GROUPS = "groups", _("residents' groups (1/3)")


class AssemblyKind(models.TextChoices):
    ADULTS = "adults", _("all adult residents")
    HOUSEHOLDS = "households", _("household representatives")
    GROUPS = "groups", _("group representatives")


class AssemblyStatus(models.TextChoices):
    CONVENED = "convened", _("convened")
    HELD = "held", _("held")
    INQUORATE = "inquorate", _("no quorum")


class AgendaItemKind(models.TextChoices):
    ORDINARY = "ordinary", pgettext_lazy("agenda item kind", "resolution")
    RECALL = "recall", _("recall of a committee member")
    BY_ELECTION = "by_election", _("by-election of a committee member")
    CHARTER = "charter", _("adoption of the resident charter")


class AgendaItemOutcome(models.TextChoices):
    PENDING = "pending", _("not voted")
    PASSED = "passed", _("passed")
    REJECTED = "rejected", pgettext_lazy("agenda item outcome", "rejected")


class CharterVersionFiling(models.TextChoices):
    NOT_FILED = "not_filed", _("not filed")
    SUBMITTED = "submitted", _("submitted for filing")
    FILED = "filed", _("filed (备案)")
    RETURNED = "returned", _("returned for changes")


class ElectionMethod(models.TextChoices):
    ALL_VOTERS = "all", _("all voters")
    HOUSEHOLD = "household", _("one representative per household")
    GROUP = "group", _("2–3 representatives per residents' group")


class ElectionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REGISTER_PUBLISHED = "register", _("voter register published")
    CANDIDATES_PUBLISHED = "candidates", _("candidates published")
    VOTING = "voting", _("voting")
    COUNTED = "counted", _("counted")
    SECOND_ROUND = "second_round", _("second round")
    ANNOUNCED = "announced", _("result announced")
    FAILED = "failed", _("invalid election")


class ElectionTieRule(models.TextChoices):
    LOT = "lot", _("drawing lots")
    ANOTHER_ROUND = "round", _("another round for the tied seats")


class VoterSource(models.TextChoices):
    REGISTRY = "registry", _("from the registry")
    MANUAL = "manual", _("added by hand")
    APPLICATION = "applied", _("on own application")


class RegisterChangeKind(models.TextChoices):
    OBJECTION = "objection", _("objection")
    ADDED = "added", _("added")
    REMOVED = "removed", _("removed")


class CandidateNomination(models.TextChoices):
    JOINT = "joint", _("joint nomination by voters")
    SELF = "self", _("self-nomination")


class PollingStationKind(models.TextChoices):
    STATION = "station", _("polling station")
    MOBILE = "mobile", _("mobile ballot box")


class VoterParticipationChannel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper")


class NoticeCategory(models.TextChoices):
    FINANCE = "finance", _("finances")
    DECISION = "decision", _("decisions")
    ELECTION = "election", _("election")
    CHARTER = "charter", _("charter")
    OTHER = "other", _("other")


class EstateManagementMode(models.TextChoices):
    COMPANY = "company", _("market property company")
    CUSTODY = "custody", _("street-run custody")
    SELF = "self", _("owners' self-management led by the committee")


class TermStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    CURRENT = "current", _("current")
    ENDED = "ended", _("ended")
