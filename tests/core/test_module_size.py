"""Code is read more than written: no module of the project over 800 lines outside migrations
(issue #11's skeleton rule). A module that grows past it is split by topic into a package, as
access/views/ and services/views/ were."""

import pathlib

import gongzhi

LIMIT = 800
ROOT = pathlib.Path(gongzhi.__file__).parent


def test_no_module_over_800_lines_outside_migrations():
    long = {
        str(path.relative_to(ROOT)): n
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert long == {}
