"""Registry menu entries and to-dos, gathered from the modules that own the pages."""

from gongzhi.registry.nav_imports import NAV as IMPORT_NAV
from gongzhi.registry.nav_imports import TODOS as IMPORT_TODOS
from gongzhi.registry.nav_main import NAV as MAIN_NAV
from gongzhi.registry.nav_partition import NAV as PARTITION_NAV

# The sidebar section of this app's entries (core.nav.GROUPS).
GROUP = "grid"

NAV = [*MAIN_NAV, *IMPORT_NAV, *PARTITION_NAV]
TODOS = [*IMPORT_TODOS]
