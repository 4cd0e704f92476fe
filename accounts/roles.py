"""The four groups and their model permissions, applied by data migrations (accounts/migrations).

Partner users never reach the admin (they are not staff); their rights come from querysets scoped to
their organisation, not from model permissions.
"""

DOMAIN_APPS = ("partners", "evaluations", "budgets")
ALL = ("add", "change", "delete", "view")

ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    # FIT staff run the partnerships: everything in the domain apps, users and the mail queue.
    "FIT staff": {
        "partners.*": ALL,
        "evaluations.*": ALL,
        "budgets.*": ALL,
        "accounts.user": ("add", "change", "view"),
        "accounts.auditevent": ("view",),
        "notifications.*": ("change", "view"),
        "notifications.reminderpolicy": ALL,
        "django_celery_beat.*": ALL,
        "conversations.*": ALL,
        "library.*": ALL,  # issue 14
        "announcements.*": ALL,  # issue 14
        "surveys.*": ("change", "delete", "view"),  # made and sent on the portal's pages
        "api.apitoken": ("change", "view"),  # issue 17: see and revoke
    },
    # Account managers follow their partners up: reports, evaluations, moments, contacts.
    "Account managers": {
        "partners.*": ("view",),
        "partners.contact": ("add", "change", "view"),
        "partners.consultationmoment": ("add", "change", "view"),
        "partners.invitation": ("add", "change", "delete", "view"),
        "evaluations.*": ("view",),
        "evaluations.kpireport": ("change", "view"),
        "evaluations.kpiresult": ("change", "view"),
        "evaluations.kpitarget": ("add", "change", "view"),
        "evaluations.evaluation": ("add", "change", "view"),
        "evaluations.improvementpoint": ("add", "change", "view"),
        "evaluations.improvementnote": ("add", "view"),
        "evaluations.action": ("change", "view"),
        "budgets.*": ("view",),
        "notifications.outboxmessage": ("view",),
        "conversations.*": ("view",),
        "library.*": ("view",),  # issue 14
        "announcements.*": ("view",),  # issue 14
        "surveys.*": ("view",),
    },
    # Managers oversee: read everything, sign off evaluations.
    "Managers": {
        "accounts.auditevent": ("view",),
        "partners.*": ("view",),
        "evaluations.*": ("view",),
        "evaluations.evaluation": ("change", "view"),
        "budgets.*": ("view",),
        "conversations.*": ("view",),
        "library.*": ("view",),  # issue 14
        "announcements.*": ("view",),  # issue 14
        "surveys.*": ("view",),
    },
    "Partner users": {},
}


def apply_role_permissions(apps, schema_editor=None) -> None:
    """Create the groups and give each exactly the permissions listed above."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # On a fresh database permissions are only created after all migrations: make them now.
    # create_permissions() skips an app whose models_module is unset; each app's own value is put back
    # afterwards, or the post_migrate handlers of every app would skip it too for the rest of the migrate.
    for app_config in global_apps.get_app_configs():
        models_module = app_config.models_module
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, rules in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = set()
        # App-wide entries ("partners.*") first; a model entry then widens or narrows its app's.
        for target, actions in sorted(rules.items(), key=lambda item: not item[0].endswith(".*")):
            app_label, model = target.split(".")
            perms = Permission.objects.filter(content_type__app_label=app_label)
            if model != "*":
                perms = perms.filter(content_type__model=model)
            for pk, codename in perms.values_list("pk", "codename"):
                if codename.split("_", 1)[0] in actions:
                    wanted.add(pk)
                elif model != "*":
                    wanted.discard(pk)
        group.permissions.set(sorted(wanted))
