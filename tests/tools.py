"""System tools some tests need, from Debian packages that `make system-deps` installs
(system-packages.txt). A missing tool fails the test with the command that installs it:
a test is never skipped because a tool is missing. The one opt-out is SKIP_BROWSER=1 for
the browser tests (tests/browser/conftest.py), and the run's summary then says so."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

INSTALL = "make system-deps (or: apt-get install {package})"


def require_tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"`{name}` is not installed: this test needs Debian's `{package}`. "
            f"Install it with {INSTALL.format(package=package)}.",
            pytrace=False,
        )
    return path


def _poppler(tool: str, pdf: bytes | Path, *args: str) -> str:
    require_tool(tool, "poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "document.pdf"
        path.write_bytes(pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes())
        return subprocess.run(
            [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def pdftotext(pdf: bytes | Path) -> str:
    """The text of a PDF, as poppler extracts it (UTF-8)."""
    return _poppler("pdftotext", pdf, "-enc", "UTF-8")


def pdffonts(pdf: bytes | Path) -> str:
    """poppler's font table of a PDF. Fails clearly when no CJK font is installed, since
    every PDF of the platform then draws Chinese with Helvetica (boxes)."""
    fonts = _poppler("pdffonts", pdf)
    if "CJK" not in fonts:
        require_tool("fc-list", "fontconfig")
        listed = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
        if "CJK" not in listed:
            pytest.fail(
                "No CJK font is installed, so PDFs cannot embed one. "
                f"Install it with {INSTALL.format(package='fonts-noto-cjk')}.",
                pytrace=False,
            )
    return fonts
