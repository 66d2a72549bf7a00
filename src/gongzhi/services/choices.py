"""The enumerations of services (`models.TextChoices`), in one module as every app keeps them;
the models refer to them (`Model.Status` stays the name code uses)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ServiceItemPlace(models.TextChoices):
    STATION = "station", _("community service station")
    STREET_CENTRE = "street_centre", _("street service centre")
    DEPARTMENT = "department", _("department")


class ItemFieldKind(models.TextChoices):
    TEXT = "text", _("text")
    NUMBER = "number", pgettext_lazy("field type", "number")
    DATE = "date", _("date")
    CHOICE = "choice", _("choice")
    MULTICHOICE = "multichoice", _("multiple choice")
    FILE = "file", _("file")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    MATERIALS_REQUESTED = "materials_requested", _("materials requested")
    REFUSED = "refused", pgettext_lazy("request status", "refused")
    IN_PROGRESS = "in_progress", _("in progress")
    TRANSFERRED = "transferred", pgettext_lazy("request status", "transferred")
    COMPLETED = "completed", _("completed")
    RATED = "rated", _("rated")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Decision(models.TextChoices):
    """The decision on a request for an item with delegated approval (下沉审批)."""

    APPROVED = "approved", _("approved (准予)")
    REFUSED = "refused", _("refused (不予批准)")


class ServiceRequestChannel(models.TextChoices):
    WINDOW = "window", _("at the window")
    ONLINE = "online", _("online")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


class RatingChannel(models.TextChoices):
    ONLINE = "online", _("online")
    SMS = "sms", _("SMS link")
    WINDOW = "window", _("at the window")
    API = "api", _("API")


class OpinionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("opinion status", "open")
    ANSWERED = "answered", _("answered")
    CONVERTED = "converted", _("turned into a service request")
