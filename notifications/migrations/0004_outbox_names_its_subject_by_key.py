"""The outbox names what a message is about by key and by ids in its context, not by foreign keys into
the domain apps: the ids of the old columns move into the context, then the columns go."""

from django.db import migrations, models

COLUMNS = {"moment_id": "moment_id", "report_id": "report_id", "invitation_id": "invitation_id"}


def ids_into_context(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    changed = []
    rows = OutboxMessage.objects.filter(
        models.Q(moment__isnull=False) | models.Q(report__isnull=False) | models.Q(invitation__isnull=False)
    )
    for message in rows.iterator(chunk_size=2000):
        for key, column in COLUMNS.items():
            value = getattr(message, column)
            if value is not None:
                message.context[key] = value
        changed.append(message)
        if len(changed) >= 2000:
            OutboxMessage.objects.bulk_update(changed, ["context"])
            changed = []
    OutboxMessage.objects.bulk_update(changed, ["context"])


def context_into_ids(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    for message in OutboxMessage.objects.iterator(chunk_size=2000):
        values = {column: message.context.get(key) for key, column in COLUMNS.items()}
        if any(v is not None for v in values.values()):
            OutboxMessage.objects.filter(pk=message.pk).update(**values)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_outbox_message_id_and_resent_flag"),
    ]

    operations = [
        migrations.RunPython(ids_into_context, context_into_ids),
        migrations.RemoveField(model_name="outboxmessage", name="invitation"),
        migrations.RemoveField(model_name="outboxmessage", name="moment"),
        migrations.RemoveField(model_name="outboxmessage", name="report"),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(fields=["subject_key", "kind"], name="outbox_subject_kind"),
        ),
    ]
