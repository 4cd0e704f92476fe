"""Joint actions (co-organisers of an action) and the outcome of every detected overlap (issue 15).

The overlaps recorded so far were all kept with a reason: they become outcome "kept", detected and
resolved when they were kept, by whom kept them, with the year and title of their action."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def existing_overlaps_were_kept(apps, schema_editor):
    ActionOverlap = apps.get_model("evaluations", "ActionOverlap")
    for overlap in ActionOverlap.objects.select_related("action"):
        overlap.outcome = "kept"
        overlap.year = overlap.action.year
        overlap.action_title = overlap.action.title
        overlap.detected_at = overlap.resolved_at
        overlap.save(update_fields=["outcome", "year", "action_title", "detected_at"])


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0006_action_overlap'),
        ('partners', '0009_minutes_comments_and_approvals'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CoOrganiser',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('origin', models.CharField(choices=[('invited', 'invited by the organiser'), ('requested', 'asked to join')], default='invited', max_length=10, verbose_name='origin')),
                ('status', models.CharField(choices=[('pending', 'awaiting an answer'), ('accepted', 'accepted'), ('declined', 'declined')], default='pending', max_length=10, verbose_name='status')),
                ('message', models.TextField(blank=True, verbose_name='message')),
                ('asked_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='asked on')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered on')),
            ],
            options={
                'verbose_name': 'co-organiser',
                'verbose_name_plural': 'co-organisers',
                'ordering': ['action', 'asked_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCoOrganiser',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('origin', models.CharField(choices=[('invited', 'invited by the organiser'), ('requested', 'asked to join')], default='invited', max_length=10, verbose_name='origin')),
                ('status', models.CharField(choices=[('pending', 'awaiting an answer'), ('accepted', 'accepted'), ('declined', 'declined')], default='pending', max_length=10, verbose_name='status')),
                ('message', models.TextField(blank=True, verbose_name='message')),
                ('asked_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='asked on')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical co-organiser',
                'verbose_name_plural': 'historical co-organisers',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AlterModelOptions(
            name='actionoverlap',
            options={'ordering': ['year', 'detected_at', 'pk'], 'verbose_name': 'overlap', 'verbose_name_plural': 'overlaps'},
        ),
        migrations.RemoveConstraint(
            model_name='actionoverlap',
            name='action_overlap_has_reason',
        ),
        migrations.RenameField(model_name='actionoverlap', old_name='kept_at', new_name='resolved_at'),
        migrations.RenameField(model_name='actionoverlap', old_name='kept_by', new_name='resolved_by'),
        migrations.AddField(
            model_name='actionoverlap',
            name='action_title',
            field=models.CharField(blank=True, max_length=255, verbose_name='title of the action'),
        ),
        migrations.AddField(
            model_name='actionoverlap',
            name='detected_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='detected on'),
        ),
        migrations.AddField(
            model_name='actionoverlap',
            name='outcome',
            field=models.CharField(choices=[('open', 'open'), ('kept', 'kept, with a reason'), ('merged', 'merged into one joint action'), ('withdrawn', 'withdrawn')], default='open', max_length=10, verbose_name='outcome'),
        ),
        migrations.AlterField(
            model_name='actionoverlap',
            name='resolved_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='resolved on'),
        ),
        migrations.AlterField(
            model_name='actionoverlap',
            name='resolved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='resolved by'),
        ),
        migrations.AddField(
            model_name='actionoverlap',
            name='year',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='programme year'),
            preserve_default=False,
        ),
        migrations.RunPython(existing_overlaps_were_kept, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='actionoverlap',
            name='action',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='kept_overlaps', to='evaluations.action', verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='actionoverlap',
            name='other',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='overlapped_by', to='evaluations.action', verbose_name='overlapping action'),
        ),
        migrations.AlterField(
            model_name='actionoverlap',
            name='reason',
            field=models.TextField(blank=True, verbose_name='reason to keep it'),
        ),
        migrations.AddField(
            model_name='coorganiser',
            name='action',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='co_organisers', to='evaluations.action', verbose_name='action'),
        ),
        migrations.AddField(
            model_name='coorganiser',
            name='answered_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by'),
        ),
        migrations.AddField(
            model_name='coorganiser',
            name='asked_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='asked by'),
        ),
        migrations.AddField(
            model_name='coorganiser',
            name='partner',
            field=models.ForeignKey(blank=True, help_text='Leave empty for FIT.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='co_organised', to='partners.partner', verbose_name='co-organiser'),
        ),
        migrations.AddField(
            model_name='actionoverlap',
            name='co_organiser',
            field=models.ForeignKey(blank=True, help_text='What the proposer asked to merge the two actions; merged once it is accepted.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='overlaps', to='evaluations.coorganiser', verbose_name='invitation or join request'),
        ),
        migrations.AddIndex(
            model_name='actionoverlap',
            index=models.Index(fields=['year', 'outcome'], name='action_overlap_year_outcome'),
        ),
        migrations.AddConstraint(
            model_name='actionoverlap',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('outcome', 'kept'), _negated=True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='action_overlap_kept_has_reason', violation_error_message='Say why you keep this action.'),
        ),
        migrations.AlterConstraint(
            model_name='actionoverlap',
            name='action_overlap_once_per_pair',
            constraint=models.UniqueConstraint(fields=('action', 'other'), name='action_overlap_once_per_pair', violation_error_message='This overlap has already been recorded.'),
        ),
        migrations.AddField(
            model_name='historicalcoorganiser',
            name='action',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluations.action', verbose_name='action'),
        ),
        migrations.AddField(
            model_name='historicalcoorganiser',
            name='answered_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by'),
        ),
        migrations.AddField(
            model_name='historicalcoorganiser',
            name='asked_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='asked by'),
        ),
        migrations.AddField(
            model_name='historicalcoorganiser',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalcoorganiser',
            name='partner',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Leave empty for FIT.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partners.partner', verbose_name='co-organiser'),
        ),
        migrations.AddIndex(
            model_name='coorganiser',
            index=models.Index(fields=['partner', 'status'], name='co_organiser_partner_status'),
        ),
        migrations.AddConstraint(
            model_name='coorganiser',
            constraint=models.UniqueConstraint(condition=models.Q(('partner__isnull', False)), fields=('action', 'partner'), name='co_organiser_once_per_partner', violation_error_message='This partner is already a co-organiser of this action, or was asked.'),
        ),
        migrations.AddConstraint(
            model_name='coorganiser',
            constraint=models.UniqueConstraint(condition=models.Q(('partner__isnull', True)), fields=('action',), name='co_organiser_fit_once', violation_error_message='FIT is already a co-organiser of this action, or was asked.'),
        ),
        migrations.AddConstraint(
            model_name='coorganiser',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('answered_at__isnull', True), ('status', 'pending')), models.Q(models.Q(('status', 'pending'), _negated=True), ('answered_at__isnull', False)), _connector='OR'), name='co_organiser_answered_when_not_pending', violation_error_message='An answered request has a date of answer; a pending one has none.'),
        ),
    ]
