"""REST endpoint of workdays: the year's exception days as every time limit counts them, so a
client (a hotline system, a dashboard) computes the same due dates as the platform. The
calendar is edited on its page (writes through workdays.actions)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.workdays import data
from gongzhi.workdays.api.serializers import YearSerializer
from gongzhi.workdays.queries import effective_days, valid_year


class YearView(APIView):
    """Holidays and make-up working days (调休) of one year; weekdays not listed are working
    days, weekend days not listed are days off."""

    required_permission = "workdays.view_calendarday"

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="default: this year")],
        responses=YearSerializer,
    )
    def get(self, request):
        year = valid_year(request.query_params.get("year", ""), timezone.localdate().year)
        days = effective_days(year)
        return Response(
            YearSerializer({"year": year, "provisional": data.provisional(year), "days": days}).data
        )
