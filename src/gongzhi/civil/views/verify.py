"""Public pages (no sign-in): a certificate's verification by its code, showing only a
masked name, the hours, the period and the issuing body; a street's time-bank redemption
record (figures only)."""

from django.shortcuts import get_object_or_404, render

from gongzhi.civil.api.ledger import public_certificate
from gongzhi.civil.models import Certificate
from gongzhi.civil.redemption_record import monthly_record
from gongzhi.core.views_base import public_view
from gongzhi.org.models import Street


@public_view
def certificate(request, code: str):
    found = (
        Certificate.objects.select_related("volunteer__resident").filter(code=code.upper()).first()
    )
    return render(
        request,
        "civil/verify/certificate.html",
        {"certificate": public_certificate(found) if found else None, "code": code},
        status=200 if found else 404,
    )


@public_view
def redemption_record(request, street: int):
    street = get_object_or_404(Street, pk=street)
    return render(
        request,
        "civil/verify/redemption_record.html",
        {"street": street, "months": monthly_record(street)},
    )
