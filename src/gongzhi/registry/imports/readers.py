"""Reading an uploaded table row by row, whatever a clerk saved it as: .xlsx (streamed with
openpyxl's read-only mode) or .csv in UTF-8 (with or without BOM) or GB18030 (detected).

Every way a file can be unusable — empty, broken, password-protected, an old .xls, not a
table at all, too big — raises ImportFileError with a message for the user; nothing else
escapes from here.
"""

import csv
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
SAMPLE_BYTES = 1 << 20


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_rows() -> int:
    return int(getattr(settings, "GONGZHI_IMPORT_MAX_ROWS", 2_000_000))


def max_bytes() -> int:
    return int(getattr(settings, "GONGZHI_IMPORT_MAX_BYTES", 200 * 1024 * 1024))


def max_unzipped_bytes() -> int:
    """What an .xlsx may unpack to in all (declared sizes): a real sheet of 2 million rows
    is well below; a zip bomb is far above."""
    return int(getattr(settings, "GONGZHI_IMPORT_MAX_UNZIPPED_BYTES", 2 * 1024**3))


def max_zip_ratio() -> int:
    """Highest compression ratio a member of an .xlsx may have: spreadsheets compress
    about 5-30 times; bombs a thousand times and more."""
    return int(getattr(settings, "GONGZHI_IMPORT_MAX_ZIP_RATIO", 100))


# openpyxl loads these whole into memory (even in read-only mode): a smaller cap.
_LOADED_WHOLE_BYTES = 64 * 1024 * 1024
_SMALL_MEMBER = 1024 * 1024  # tiny XML parts may compress very well; they cannot hurt


@dataclass
class Table:
    headers: list[str]
    # (spreadsheet row number, cell values) for each non-blank data row
    rows: Iterator[tuple[int, list]]
    estimated_rows: int
    format: str
    encoding: str = ""
    _closers: list = field(default_factory=list)

    def close(self) -> None:
        for c in self._closers:
            try:
                c()
            except Exception:
                pass


def _cell(value):
    if isinstance(value, str):
        value = value.strip()
        return value
    return value


def _is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _too_many(count: int) -> ImportFileError:
    return ImportFileError(
        _(
            "The file has %(count)s rows; at most %(limit)s can be imported at once. Split it into smaller files."
        )
        % {"count": f"{count:,}", "limit": f"{max_rows():,}"}
    )


def open_table(path: str, name: str = "") -> Table:
    """Open `path` (the upload's original file name in `name` picks nothing: the content
    decides the format) and return its header row and a stream of data rows."""
    try:
        size = os.path.getsize(path)
    except OSError:
        raise ImportFileError(_("The uploaded file cannot be read.")) from None
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > max_bytes():
        raise ImportFileError(
            _(
                "The file is %(size)s MB; at most %(limit)s MB can be imported at once. Split it into smaller files."
            )
            % {"size": size // (1024 * 1024), "limit": max_bytes() // (1024 * 1024)}
        )
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    if head.startswith(OLE_MAGIC):
        if _is_encrypted(path):
            raise ImportFileError(
                _(
                    "The workbook is password-protected. Remove the password in Excel (File → Info → Protect Workbook) and upload it again."
                )
            )
        raise ImportFileError(
            _(
                "This is an old Excel 97–2003 (.xls) file. Open it in Excel or WPS and save it as .xlsx, then upload it again."
            )
        )
    if head.startswith(ZIP_MAGIC):
        return _open_xlsx(path)
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            _("This file is not a spreadsheet. Upload an .xlsx workbook or a .csv file.")
        )
    return _open_csv(path, head, size)


def _is_encrypted(path: str) -> bool:
    # An encrypted OOXML file is an OLE container holding an "EncryptionInfo" stream.
    with open(path, "rb") as fh:
        tail = b""
        while chunk := fh.read(SAMPLE_BYTES):
            if ENCRYPTED_MARK in tail + chunk:
                return True
            tail = chunk[-len(ENCRYPTED_MARK) :]
    return False


def _check_archive(path: str) -> None:
    """Refuse a zip bomb from the archive's directory, before anything is unpacked.

    The declared sizes are binding: zipfile stops at a member's declared size (and then
    fails its CRC check), so a member cannot unpack to more than it declares."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportFileError(_("The file is damaged and cannot be opened.")) from None
    total = sum(i.file_size for i in infos)
    bomb = total > max_unzipped_bytes()
    for i in infos:
        if i.file_size <= _SMALL_MEMBER:
            continue
        ratio = i.file_size / max(i.compress_size, 1)
        sheet = i.filename.startswith("xl/worksheets/")
        if ratio > max_zip_ratio() or (not sheet and i.file_size > _LOADED_WHOLE_BYTES):
            bomb = True
    if bomb:
        raise ImportFileError(
            _(
                "The workbook unpacks to far more than its size (%(size)s MB from a %(file)s KB file): it looks like a zip bomb and is refused. Save the sheet again in Excel or WPS as .xlsx, or as .csv."
            )
            % {"size": f"{total // (1024 * 1024):,}", "file": f"{os.path.getsize(path) // 1024:,}"}
        )


def _open_xlsx(path: str) -> Table:
    _check_archive(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        TypeError,
    ) as exc:
        if isinstance(exc, KeyError) or "not a zip" not in str(exc).lower():
            msg = _(
                "The file cannot be opened as an Excel workbook: it may be damaged or another kind of document. Save it again as .xlsx and retry."
            )
        else:
            msg = _("The file is damaged and cannot be opened.")
        raise ImportFileError(msg) from None
    except Exception:
        raise ImportFileError(_("The file is damaged and cannot be opened.")) from None
    ws = None
    for candidate in wb.worksheets:
        # The template's first sheet holds the data; an instructions sheet is skipped.
        if candidate.title not in ("说明", "Instructions"):
            ws = candidate
            break
    if ws is None:
        wb.close()
        raise ImportFileError(_("The workbook has no sheet with data."))
    try:
        estimated = max((ws.max_row or 1) - 1, 0)
    except Exception:
        estimated = 0
    if estimated > max_rows():
        wb.close()
        raise _too_many(estimated)
    try:
        it = ws.iter_rows(values_only=True)
        headers = None
        header_row = 0
        for n, values in enumerate(it, start=1):
            if not _is_blank(values):
                headers = [str(_cell(v)) if v is not None else "" for v in values]
                header_row = n
                break
    except Exception:
        wb.close()
        raise ImportFileError(_("The file is damaged and cannot be opened.")) from None
    if headers is None:
        wb.close()
        raise ImportFileError(_("The file is empty."))

    def rows():
        try:
            for n, values in enumerate(it, start=header_row + 1):
                if _is_blank(values):
                    continue
                yield n, [_cell(v) for v in values]
        except ImportFileError:
            raise
        except Exception:
            raise ImportFileError(_("The file is damaged and cannot be read to the end.")) from None

    return Table(headers, rows(), estimated, "xlsx", _closers=[wb.close])


def _detect_encoding(head: bytes) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head
    if len(head) == SAMPLE_BYTES:
        # Do not judge by a character cut in half at the end of the sample.
        sample = head[: head.rfind(b"\n") + 1] or head[:-4]
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                'The text encoding of this file is not recognised. Save it as UTF-8 or GB18030 ("CSV" in Excel or WPS).'
            )
        ) from None


def _open_csv(path: str, head: bytes, size: int) -> Table:
    encoding = _detect_encoding(head)
    # Row count for the limit and the progress bar: counting newlines is cheap.
    lines = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(SAMPLE_BYTES * 8):
            lines += chunk.count(b"\n")
    if not head.endswith(b"\n"):
        lines += 1
    if lines - 1 > max_rows():
        raise _too_many(lines - 1)
    fh = open(path, encoding=encoding, newline="")
    try:
        first = fh.readline()
        try:
            dialect = csv.Sniffer().sniff(first, delimiters=",\t;|")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ","
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter)
        headers = None
        header_row = 0
        for n, values in enumerate(reader, start=1):
            if not _is_blank(values):
                headers = [v.strip() for v in values]
                header_row = n
                break
    except (UnicodeDecodeError, csv.Error):
        fh.close()
        raise ImportFileError(
            _(
                'The text encoding of this file is not recognised. Save it as UTF-8 or GB18030 ("CSV" in Excel or WPS).'
            )
        ) from None
    if headers is None:
        fh.close()
        raise ImportFileError(_("The file is empty."))

    def rows():
        n = header_row
        try:
            for values in reader:
                n = reader.line_num
                if not values or _is_blank(values):
                    continue
                yield n, [v.strip() or None for v in values]
        except UnicodeDecodeError:
            raise ImportFileError(
                _(
                    "Row %(row)s has characters that are not valid in the file's encoding (%(encoding)s); save the whole file as UTF-8."
                )
                % {"row": n + 1, "encoding": encoding}
            ) from None
        except csv.Error:
            raise ImportFileError(
                _("Row %(row)s cannot be read: the CSV file is malformed.") % {"row": n + 1}
            ) from None

    return Table(headers, rows(), max(lines - 1, 0), "csv", encoding, _closers=[fh.close])
