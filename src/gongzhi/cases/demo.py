"""The demo data of cases, loaded by `gongzhi demo` in one transaction."""


def load(stdout, seed: int = 2026) -> None:
    pass
