from gongzhi.registry.api.imports import urlpatterns as import_patterns
from gongzhi.registry.api.main import urlpatterns as main_patterns

urlpatterns = [*main_patterns, *import_patterns]
