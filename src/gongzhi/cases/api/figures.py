"""GET /api/cases/figures/?level=&from=&to= — the assessment figures per grid worker,
community, handling unit or street (cases.reports, in the caller's scope); the same numbers
as the figures screen."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.cases import reports


class FiguresView(APIView):
    required_permission = reports.VIEW

    @extend_schema(
        parameters=[
            OpenApiParameter("level", str, enum=[value for value, _label in reports.LEVELS]),
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        params = request.query_params
        form = reports.FiguresForm(
            {
                "level": params.get("level", ""),
                "date_from": params.get("from", ""),
                "date_to": params.get("to", ""),
            }
        )
        if not form.is_valid():
            return Response(reports.coded_errors(form), status=400)
        data = form.cleaned_data
        level, start, end = data["level"], data["date_from"], data["date_to"]
        return Response(
            {
                "level": level,
                "from": start.isoformat(),
                "to": end.isoformat(),
                "rows": reports.as_json(reports.table(request.user, level, start, end)),
            }
        )
