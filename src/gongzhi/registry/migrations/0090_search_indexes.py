"""PostgreSQL only: the residents table keeps the indexes search and the import use, and
loses the ones that only cost time on every insert (a million-row import maintains each).

Django gives every `db_index` CharField two indexes on PostgreSQL: a plain b-tree and a
`varchar_pattern_ops` one for `LIKE 'q%'`. A pattern index also serves `=` and `IN`, so:
- name_pinyin, name_initials: searched by prefix and exactly → the pattern index alone;
- id_last4, phone_index, status: only ever compared exactly → the plain index alone;
- id_number_index: the constraint's partial unique index (`<> ''`) answers `= 'x'` and, with
  `<> ''` in the query (imports.validate), `IN (…)`: neither of Django's two is needed;
- community_id, grid_id: the (community, status) and (grid, status) indexes start with them.
`name` keeps both (lists sort by name; search matches a prefix). See docs/performance.md.
"""

from django.db import migrations

TABLE = "registry_resident"
DROPPED = {
    # name: definition (for going back)
    "registry_resident_name_pinyin_aac3bc8c": "(name_pinyin)",
    "registry_resident_name_initials_94e47269": "(name_initials)",
    "registry_resident_id_last4_e4f3b5d4_like": "(id_last4 varchar_pattern_ops)",
    "registry_resident_id_number_index_d2cc92ad": "(id_number_index)",
    "registry_resident_id_number_index_d2cc92ad_like": "(id_number_index varchar_pattern_ops)",
    "registry_resident_phone_index_711c4b59_like": "(phone_index varchar_pattern_ops)",
    "registry_resident_status_241373ed_like": "(status varchar_pattern_ops)",
    "registry_resident_community_id_2e524990": "(community_id)",
    "registry_resident_grid_id_b19a263d": "(grid_id)",
}


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in DROPPED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in DROPPED.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{TABLE}" {definition}')


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_resident_account")]

    operations = [migrations.RunPython(drop, restore, elidable=False)]
