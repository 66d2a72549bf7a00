from gongzhi.services.api import router

urlpatterns = [*router.urls]
