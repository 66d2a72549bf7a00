"""services 0005: the foreign key ServiceRequest.api_key (into this adapter) became the text
`client` ("open311:<key id>"); existing links survive the migration both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongzhi.open311.models import ApiKey, hash_key
from gongzhi.services.models import ServiceRequest
from tests.open311.test_open311 import good, post

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("services", "0004_renormalize_phones")]


def migrate(targets=None):
    """To `targets`, or forward to the latest migration of every app (the suite's state)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def api_key_ids():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tracking_code, api_key_id FROM services_servicerequest")
        return dict(cursor.fetchall())


def test_the_submitting_key_survives_the_migration_both_ways(client, menu, key, world):
    assert post(client, **good(key, menu)).status_code == 200
    by_key = ServiceRequest.objects.get()
    window = ServiceRequest.objects.create(
        item=menu["simple"], street=world["s1"], channel="window"
    )
    api_key = ApiKey.objects.get(key_hash=hash_key(key))
    assert by_key.client == f"open311:{api_key.pk}" and window.client == ""

    migrate(BEFORE)  # back: the text becomes the foreign key again
    assert api_key_ids() == {by_key.tracking_code: api_key.pk, window.tracking_code: None}

    migrate()  # forward: the foreign key becomes the text
    assert dict(ServiceRequest.objects.values_list("tracking_code", "client")) == {
        by_key.tracking_code: f"open311:{api_key.pk}",
        window.tracking_code: "",
    }
    assert ApiKey.of_request(ServiceRequest.objects.get(pk=by_key.pk)) == api_key
