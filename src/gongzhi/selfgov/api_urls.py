from django.urls import path

from gongzhi.selfgov.api import ElectionBallotView, router

urlpatterns = [
    *router.urls,
    path(
        "selfgov/elections/<int:pk>/ballot/",
        ElectionBallotView.as_view(),
        name="selfgov-election-ballot",
    ),
]
