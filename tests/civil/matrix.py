"""Objects for the permission matrix (tests/test_permission_matrix.py) and the list schema
test: each part of civil builds its own records through its actions."""

from tests.civil import matrix_lead, matrix_orgs, matrix_vol
from tests.civil.matrix_bank import build_bank


def build(world, users):
    matrix_orgs.build(world, users)
    matrix_vol.build(world, users)
    build_bank(world, users)
    matrix_lead.build(world, users)  # --- leaders' activities ---
