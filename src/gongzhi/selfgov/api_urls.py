from gongzhi.selfgov.api.urls import urlpatterns

__all__ = ["urlpatterns"]
