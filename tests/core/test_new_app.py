"""`gongzhi new-app` creates the skeleton every app has (docs/architecture.md)."""

import pytest
from django.core.management import CommandError, call_command

SKELETON = [
    "models.py",
    "actions.py",
    "errors.py",
    "choices.py",
    "forms.py",
    "views.py",
    "api/serializers.py",
    "api/views.py",
    "api/urls.py",
    "admin.py",
    "permissions.py",
    "nav.py",
    "urls.py",
    "demo.py",
    "indicators.py",
    "apps.py",
    "migrations/__init__.py",
]


# A name no installed module has (startapp refuses one that find_spec finds: "cases" is also
# bench/cases.py once the benchmarks' folder is on sys.path).
NAME = "parcels"


def test_new_app_has_the_skeleton(tmp_path):
    target = tmp_path / NAME
    call_command("new-app", NAME, directory=str(target))
    for name in SKELETON:
        source = (target / name).read_text(encoding="utf-8")
        assert "{{" not in source, name
        compile(source, name, "exec")
    assert f'name = "gongzhi.{NAME}"' in (target / "apps.py").read_text(encoding="utf-8")
    assert not list(target.rglob("*-tpl"))


def test_new_app_refuses_a_bad_name_or_a_used_folder(tmp_path):
    with pytest.raises(CommandError):
        call_command("new-app", "Cases", directory=str(tmp_path / "x"))
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "models.py").write_text("")
    with pytest.raises(CommandError):
        call_command("new-app", "used", directory=str(tmp_path / "used"))
