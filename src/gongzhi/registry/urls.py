"""All registry pages under the "registry" namespace; each part lives in its own module."""

from gongzhi.registry.urls_imports import urlpatterns as import_patterns
from gongzhi.registry.urls_main import urlpatterns as main_patterns
from gongzhi.registry.urls_partition import urlpatterns as partition_patterns

app_name = "registry"
urlpatterns = [*main_patterns, *import_patterns, *partition_patterns]
