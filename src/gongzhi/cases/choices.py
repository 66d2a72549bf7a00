"""The enumerations of cases (`models.TextChoices`), shared by models, forms, the API
schema and the label table test."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    """The two trees of GB/T 30428.2."""

    COMPONENT = "component", _("managed component (管理部件)")
    EVENT = "event", _("managed event (管理事件)")


class LimitUnit(models.TextChoices):
    HOURS = "hours", _("working hours")
    DAYS = "days", _("working days")


class UnitKind(models.TextChoices):
    COMMUNITY = "community", pgettext_lazy("handling unit kind", "community")
    STREET_UNIT = "street_unit", _("street section or centre")
    DEPARTMENT = "department", pgettext_lazy("handling unit kind", "department")
    PROPERTY = "property", _("property company")


class Channel(models.TextChoices):
    GRID_WORKER = "grid_worker", _("grid worker")
    RESIDENT = "resident", pgettext_lazy("case channel", "resident")
    OPEN311 = "open311", _("Open311")
    HOTLINE = "hotline", _("12345 hotline")
    DESK = "desk", _("desk")


# The channels a case is reported through the API or a screen (Open311 has its own door).
REPORT_CHANNELS = [(c, label) for c, label in Channel.choices if c != Channel.OPEN311]


class Urgency(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("urgency", "normal")
    URGENT = "urgent", pgettext_lazy("urgency", "urgent")


class Status(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("case status", "reported")
    ACCEPTED = "accepted", pgettext_lazy("case status", "accepted (立案)")
    NOT_ACCEPTED = "not_accepted", pgettext_lazy("case status", "not accepted")
    MERGED = "merged", pgettext_lazy("case status", "merged as duplicate")
    DISPATCHED = "dispatched", pgettext_lazy("case status", "dispatched")
    HANDLING = "handling", pgettext_lazy("case status", "in handling")
    RETURNED = "returned", pgettext_lazy("case status", "sent back (退单)")
    DISPUTED = "disputed", pgettext_lazy("case status", "dispatch disputed")
    HANDLED = "handled", pgettext_lazy("case status", "handled, to verify")
    CLOSED = "closed", pgettext_lazy("case status", "closed")
    RATED = "rated", pgettext_lazy("case status", "rated")
    ON_HOLD = "on_hold", pgettext_lazy("case status", "on hold (挂账)")
    REFERRED = "referred", pgettext_lazy("case status", "referred to the street")


class PhotoStage(models.TextChoices):
    BEFORE = "before", pgettext_lazy("photo stage", "before")
    AFTER = "after", pgettext_lazy("photo stage", "after")


# A case still to be worked on (the list's "open" filter, the badges, the figures).
OPEN_STATUSES = (
    Status.REPORTED,
    Status.ACCEPTED,
    Status.DISPATCHED,
    Status.HANDLING,
    Status.RETURNED,
    Status.DISPUTED,
    Status.HANDLED,
    Status.REFERRED,
)
