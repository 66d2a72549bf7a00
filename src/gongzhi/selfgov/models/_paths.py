"""The scope paths of selfgov's records: where each lies (its community, its street)."""

from gongzhi.org.scoping import ScopePaths

COMMUNITY_PATHS = ScopePaths(street="community__street", community="community")
ELECTION_PATHS = ScopePaths(street="election__community__street", community="election__community")
ASSEMBLY_PATHS = ScopePaths(street="assembly__community__street", community="assembly__community")
