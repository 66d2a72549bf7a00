"""Objects for the permission matrix (tests/test_permission_matrix.py) and the list schema
test: each part of civil builds its own records through its actions."""

from tests.civil import matrix_orgs, matrix_vol


def build(world, users):
    matrix_orgs.build(world, users)
    matrix_vol.build(world, users)
