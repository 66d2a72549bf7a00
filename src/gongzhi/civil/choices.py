"""Enumerations of civil: social organizations, residents' leaders, volunteers, activities,
the hours ledger and the time bank."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    """The three kinds of social organization of reform 5 (培育发展各类型社会组织)."""

    ASSOCIATION = "association", _("Residents' association")  # 社团类: culture, sports, interest
    VOLUNTEER = "volunteer", _("Volunteer service organization")  # 志愿服务类
    SOCIAL_WORK = "social_work", _("Social-work service organization")  # 社会工作服务类


class LegalStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered with civil affairs")  # 登记, with a credit code
    FILED = "filed", _("Filed at the street")  # 备案


class Stage(models.TextChoices):
    """The incubation path (申请入驻 → 孵化中 → 出壳, or withdrawn); `none` for an
    organization that never entered the incubator."""

    NONE = "none", _("Not in incubation")
    APPLIED = "applied", _("Applied to enter")
    INCUBATING = "incubating", _("Incubating")
    GRADUATED = "graduated", _("Graduated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SupportKind(models.TextChoices):
    SPACE = "space", _("Space")
    MONEY = "money", _("Money")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class Grade(models.TextChoices):
    """The annual assessment's grade (年度评估)."""

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class LeaderKind(models.TextChoices):
    RESIDENT_LEADER = "resident_leader", _("Residents' leader")  # 居民领袖
    BUILDING_HEAD = "building_head", _("Building head")  # 楼栋长
    UNIT_HEAD = "unit_head", _("Unit head")  # 单元长
    VOLUNTEER_CORE = "volunteer_core", _("Core volunteer")  # 志愿者骨干


class ActivityKind(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    ELDER = "elder", _("Accompanying an elder")
    CASE = "case", _("Helping with a case")
    PROJECT = "project", _("Project task")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class AssignmentStatus(models.TextChoices):
    INVITED = "invited", _("Invited")  # dispatched by a coordinator, awaiting the answer
    ACCEPTED = "accepted", _("Accepted")  # accepted an invitation, or signed up
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class AssignmentSource(models.TextChoices):
    DISPATCH = "dispatch", _("Dispatched")
    SIGNUP = "signup", _("Signed up")


class TransferKind(models.TextChoices):
    """A time-bank movement: every one a debit and a credit of equal hours."""

    DEPOSIT = "deposit", _("Deposit")  # hours served for people in need
    SPEND = "spend", _("Spend")  # hours redeemed for a service
    TRANSFER = "transfer", _("Transfer")  # to a family member
