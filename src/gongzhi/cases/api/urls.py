from django.urls import path
from rest_framework.routers import SimpleRouter

from gongzhi.cases.api.figures import FiguresView
from gongzhi.cases.api.patrol import PatrolViewSet
from gongzhi.cases.api.views import CaseViewSet, CategoryViewSet, HandlingUnitViewSet

router = SimpleRouter()
router.register("cases/categories", CategoryViewSet, basename="cases-category")
router.register("cases/units", HandlingUnitViewSet, basename="cases-unit")
router.register("cases/cases", CaseViewSet, basename="cases-case")
router.register("cases/patrols", PatrolViewSet, basename="cases-patrol")

urlpatterns = router.urls + [
    path("cases/figures/", FiguresView.as_view(), name="cases-figures"),
]
