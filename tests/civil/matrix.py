"""Objects for the permission matrix (tests/test_permission_matrix.py), one part per civil
topic."""

from tests.civil.matrix_bank import build_bank


def build(world, users):
    # --- hours ledger, certificates and time bank ---
    build_bank(world, users)
