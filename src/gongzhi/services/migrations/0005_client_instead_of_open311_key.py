"""ServiceRequest.api_key (a foreign key into the Open311 adapter) becomes `client`, text
naming the submitting integration ("open311:<key id>"): the services app no longer depends
on the adapter. Existing links are kept as that text."""

from django.db import migrations, models
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat


def forwards(apps, schema_editor):
    ServiceRequest = apps.get_model("services", "ServiceRequest")
    ServiceRequest.objects.filter(api_key__isnull=False).update(
        client=Concat(Value("open311:"), Cast("api_key_id", CharField()))
    )


def backwards(apps, schema_editor):
    ServiceRequest = apps.get_model("services", "ServiceRequest")
    ApiKey = apps.get_model("open311", "ApiKey")
    keys = set(ApiKey.objects.values_list("pk", flat=True))
    for pk, client in ServiceRequest.objects.filter(client__startswith="open311:").values_list(
        "pk", "client"
    ):
        key_id = client.removeprefix("open311:")
        if key_id.isdigit() and int(key_id) in keys:
            ServiceRequest.objects.filter(pk=pk).update(api_key_id=int(key_id))


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0004_renormalize_phones"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicerequest",
            name="client",
            field=models.CharField(
                blank=True, max_length=40, verbose_name="submitted by integration"
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name="servicerequest",
            name="api_key",
        ),
    ]
