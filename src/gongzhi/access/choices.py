"""The enumerations of access (`models.TextChoices`), in one module as every app keeps them;
the models refer to them (`Model.Status` stays the name code uses)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Body(models.TextChoices):
    COMMITTEE = "committee", _("residents' committee")
    STATION = "station", _("service station")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("access application status", "draft")
    SUBMITTED = "submitted", pgettext_lazy("access application status", "submitted")
    IN_REVIEW = "in_review", pgettext_lazy("access application status", "in review")
    RETURNED = "returned", pgettext_lazy("access application status", "returned for changes")
    REJECTED = "rejected", pgettext_lazy("access application status", "rejected")
    APPROVED = "approved", pgettext_lazy("access application status", "approved")
    ADMITTED = "admitted", pgettext_lazy("access application status", "admitted")
    REVOKED = "revoked", pgettext_lazy("access application status", "revoked")
    EXPIRED = "expired", pgettext_lazy("access application status", "expired")


class ApplicationFunding(models.TextChoices):
    PROVIDED = "provided", _("funding provided")
    NONE = "none", _("no funding")


class ApplicationPersonnel(models.TextChoices):
    SENT = "sent", _("staff sent")
    NONE = "none", _("no staff")


class ApplicationTransitionDecision(models.TextChoices):
    SUBMIT = "submit", pgettext_lazy("access application decision", "submitted")
    APPROVE = "approve", pgettext_lazy("access application decision", "approved")
    RETURN = "return", pgettext_lazy("access application decision", "returned for changes")
    REJECT = "reject", pgettext_lazy("access application decision", "rejected")
    ADMIT = "admit", pgettext_lazy("access application decision", "admitted")
    REVOKE = "revoke", pgettext_lazy("access application decision", "revoked")
    EXPIRE = "expire", pgettext_lazy("access application decision", "expired")


class AdmittedAffairStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("access affair status", "in force")
    REVOKED = "revoked", pgettext_lazy("access affair status", "revoked")
    EXPIRED = "expired", pgettext_lazy("access affair status", "expired")


class CommunityTaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("access task status", "open")
    REFUSED = "refused", pgettext_lazy("access task status", "refused")
    DONE = "done", pgettext_lazy("access task status", "done")


class CommunityTaskDisposition(models.TextChoices):
    RETURNED = "returned", _("returned to the department")
    STATION = "station", _("moved to the service station")
    KEPT = "kept", _("kept with people and money")


class LedgerDecision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("access ledger decision", "not yet decided")
    CANCELLED = "cancelled", pgettext_lazy("access ledger decision", "cancelled")
    MERGED = "merged", pgettext_lazy("access ledger decision", "merged")
    KEPT = "kept", pgettext_lazy("access ledger decision", "kept")


class LedgerGenerated(models.TextChoices):
    DIBAO = "dibao", _("minimum living allowance (低保)")
    ELDERLY80 = "elderly80", _("elderly aged 80 and over")
    DISABILITY = "disability", _("persons with disabilities")
    VETERAN = "veteran", _("veterans")


class PlaqueKind(models.TextChoices):
    PARTY = "party", _("party organisation")
    COMMITTEE = "committee", _("residents' committee")
    NAME = "name", _("community name")
    OTHER = "other", _("other plaque")
