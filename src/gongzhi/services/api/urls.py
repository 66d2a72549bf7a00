"""The services API's routes."""

from rest_framework.routers import SimpleRouter

from gongzhi.services.api.views import (
    CategoryViewSet,
    ItemFieldViewSet,
    MyRequestViewSet,
    OpinionViewSet,
    RatingViewSet,
    ServiceItemViewSet,
    ServiceRequestViewSet,
    SupervisionViewSet,
)

router = SimpleRouter()
router.register("services/categories", CategoryViewSet, basename="services-category")
router.register("services/items", ServiceItemViewSet, basename="services-item")
router.register("services/item-fields", ItemFieldViewSet, basename="services-itemfield")
router.register("services/requests", ServiceRequestViewSet, basename="services-request")
router.register("services/my-requests", MyRequestViewSet, basename="services-my-request")
router.register("services/ratings", RatingViewSet, basename="services-rating")
router.register("services/supervisions", SupervisionViewSet, basename="services-supervision")
router.register("services/opinions", OpinionViewSet, basename="services-opinion")

urlpatterns = [*router.urls]
