"""Import jobs for the permission matrix (called from tests/registry/matrix.py): one in
community C1 and one in C3. Each has its upload and its rejected rows stored, so the
detail, mapping, rejected-rows and report routes answer; it is `invalid` (checked, with
errors), the state in which the mapping can be changed and the valid rows imported."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from gongzhi.registry.models import ImportJob

UPLOAD = "imports/matrix/居民.csv"
REJECTED = "imports/matrix/居民-rejected.xlsx"


def _stored(name: str, content: bytes) -> str:
    # Fixed names (written once), so repeated test runs do not pile up files in MEDIA_ROOT.
    if not default_storage.exists(name):
        return default_storage.save(name, ContentFile(content))
    return name


def _rejected_workbook() -> bytes:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "错误"])
    wb.active.append(["矩阵", "110101190001011234", "身份证号校验位错误"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def build(world, users):
    upload = _stored(UPLOAD, "姓名,身份证号,与户主关系\n矩阵,110101190001011234,户主\n".encode())
    rejected = _stored(REJECTED, _rejected_workbook())
    for community, user in (
        (world["c1"], users["station_staff"]),
        (world["c3"], users["outsider"]),
    ):
        ImportJob.objects.create(
            kind=ImportJob.Kind.RESIDENTS,
            status=ImportJob.Status.INVALID,
            community=community,
            created_by=user,
            file=upload,
            rejected_file=rejected,
            original_name="居民.csv",
            total_rows=1,
            processed_rows=1,
            rejected_rows=1,
            errors=[
                {"row": 2, "column": "身份证号", "message": "身份证号校验位错误"},
                {"column": "身份证号", "count": 1},
            ],
            message="1 行有错误",
        )
