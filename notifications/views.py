from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import PreferencesForm, field_name
from .models import Kind
from .preferences import choices_of, digest_hour_of, preferences_save, rules_for


@login_required
def preferences(request):
    """My notices: per kind of notice immediately, in a daily digest or not at all; and the digest's hour."""
    groups = rules_for(request.user)
    kinds = [kind for _group, _label, rows in groups for kind, _rule in rows]
    initial = {field_name(kind): delivery for kind, delivery in choices_of(request.user).items()}
    initial["digest_hour"] = digest_hour_of(request.user)
    form = PreferencesForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user, choices=form.choices(), digest_hour=form.cleaned_data["digest_hour"])
        messages.success(request, _("Your notice preferences have been saved."))
        return redirect("notifications:preferences")
    sections = [
        (
            label,
            [(Kind(kind).label, rule, None if rule.mandatory else form[field_name(kind)]) for kind, rule in rows],
        )
        for _group, label, rows in groups
    ]
    return render(request, "notifications/preferences.html", {"form": form, "sections": sections})
