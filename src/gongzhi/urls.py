from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from gongzhi.core import views as core_views

api_urlpatterns = [
    path("", include("gongzhi.org.api.urls")),
    path("", include("gongzhi.core.api_urls")),
    path("", include("gongzhi.registry.api.urls")),
    path("", include("gongzhi.access.api.urls")),
    path("", include("gongzhi.services.api.urls")),
    path("", include("gongzhi.selfgov.api.urls")),
    path("", include("gongzhi.cases.api.urls")),
    path("", include("gongzhi.civil.api.urls")),
    path("", include("gongzhi.workdays.api.urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("gongzhi.core.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("gongzhi.core.urls")),
    path("me/", include("gongzhi.core.inbox_urls")),
    path("org/", include("gongzhi.org.urls")),
    path("registry/", include("gongzhi.registry.urls")),
    path("access/", include("gongzhi.access.urls")),
    path("public/access/", include("gongzhi.access.public_urls")),
    path("services/", include("gongzhi.services.urls")),
    path("calendar/", include("gongzhi.workdays.urls")),
    path("public/services/", include("gongzhi.services.public_urls")),
    path("open311/v2/", include("gongzhi.open311.urls")),
    path("selfgov/", include("gongzhi.selfgov.urls")),
    path("public/selfgov/", include("gongzhi.selfgov.public_urls")),
    path("cases/", include("gongzhi.cases.urls")),
    path("civil/", include("gongzhi.civil.urls")),
    path("public/civil/", include("gongzhi.civil.public_urls")),
    path("public/", include("gongzhi.org.public_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include(api_urlpatterns)),
    path("admin/", admin.site.urls),
]

handler403 = "gongzhi.core.views.permission_denied"
handler404 = "gongzhi.core.views.page_not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
