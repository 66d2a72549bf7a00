"""i18n completeness: every gongzhi catalogue is fully translated and compiled, and the UI
is Simplified Chinese by default and English after the language switch."""

import re
import subprocess
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from gongzhi.org.roles import Role
from tests.tools import require_tool


def catalogues() -> list[Path]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gongzhi."):
            continue
        lc = Path(config.path) / "locale" / "zh_Hans" / "LC_MESSAGES"
        found += sorted(lc.glob("*.po"))
    return found


CATALOGUES = catalogues()
IDS = [str(p.relative_to(Path(apps.get_app_config("core").path).parent)) for p in CATALOGUES]


def test_there_are_catalogues():
    assert any("core" in i for i in IDS), IDS


@pytest.mark.parametrize("po_path", CATALOGUES, ids=IDS)
def test_every_entry_is_translated(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{po_path}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{po_path}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def _key(entry):
    return (entry.msgctxt or "", entry.msgid)


def _value(entry):
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return entry.msgstr


@pytest.mark.parametrize("po_path", CATALOGUES, ids=IDS)
def test_compiled_catalogue_matches_the_po(po_path):
    """The committed .mo holds exactly the .po's translations (someone ran compilemessages
    after the last edit). Compared by content: file times mean nothing after a git clone."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(mo_path))
    expected = {_key(e): _value(e) for e in po.translated_entries() if not e.obsolete}
    compiled = {_key(e): _value(e) for e in mo if e.msgid}
    missing = sorted(k[1] for k in set(expected) - set(compiled))
    stale = sorted(k[1] for k in expected if k in compiled and compiled[k] != expected[k])
    assert not missing, (
        f"{mo_path} lacks {len(missing)} entries, e.g. {missing[:5]}: run compilemessages"
    )
    assert not stale, f"{mo_path} is out of date for {stale[:5]}: run compilemessages"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=IDS)
def test_placeholders_survive_translation(po_path, tmp_path):
    """msgfmt --check-format: a translation keeps every %(name)s / {name} placeholder."""
    result = subprocess.run(
        [
            require_tool("msgfmt", "gettext"),
            "--check-format",
            "-o",
            str(tmp_path / "out.mo"),
            str(po_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- the language the UI speaks -----------------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_chinese_by_default_and_english_after_switching(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "跳到主要内容" in html  # the skip link
    assert 'value="en"' in html

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "跳到主要内容" not in html
    assert 'value="zh-hans"' in html  # the way back

    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-hans">' in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_home_page_is_chinese_then_english(users, verified_client):
    client = verified_client(users["grid_worker"])
    html = client.get("/").content.decode()
    assert "退出登录" in html and "我的角色" in html
    with translation.override("zh-hans"):
        assert str(Role.GRID_WORKER.label) in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Log out" in html and "Your roles" in html and "Grid worker" in html
    assert not re.search(r"[\u4e00-\u9fff]{2,}", html.split("<main", 1)[1].split("role-place")[0])


@pytest.mark.django_db
def test_unknown_language_is_refused(client):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert '<html lang="zh-hans">' in client.get(reverse("login")).content.decode()
