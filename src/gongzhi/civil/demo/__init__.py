"""The demo data of civil, loaded by `gongzhi demo` after the registry and the other apps,
through civil's actions by the demo street's own people, one module per topic: `orgs` (about
40 organizations across the three kinds and incubation stages, members, leaders), then
`volunteers` (about 600 volunteers, a year of activities, assignments and hours), then
`timebank` (the street's time bank, deposits and a few spendings and transfers)."""

from importlib import import_module

PARTS = ("orgs", "volunteers", "timebank")


def load(stdout=None, seed: int = 2026) -> None:
    for name in PARTS:
        try:
            part = import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:  # a part not built yet
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        part.load(stdout, seed=seed)
