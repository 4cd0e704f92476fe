import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from portal.formatting import format_date, format_euro, format_number, format_percent
from portal.validators import format_phone_number

register = template.Library()


# Numbers the one way of portal/formatting.py, on every page and in the PDF.
@register.filter
def euro(value):
    """`€ 905.000,00` (a no-break space after the sign)."""
    return format_euro(value)


@register.filter
def number(value):
    """A count or a KPI value: `320`, `1.234`, `12,5` (never `320,00`)."""
    return format_number(value)


@register.filter
def percent(value, decimals: int = 1):
    """`102,5 %`, `120 %`."""
    return format_percent(value, decimals)


register.filter("day", format_date)


@register.simple_tag(takes_context=True)
def page_query(context, number, param: str = "page") -> str:
    """The current query string with `param` (the paginator's parameter, "page" unless a page has two lists)
    set to `number`: {% querystring %} takes its keys as written, not from a variable."""
    params = context["request"].GET.copy()
    params[param or "page"] = number
    return "?" + params.urlencode()


@register.filter
def machine_time(value) -> str:
    """The `datetime` attribute of a <time>: 2026-12-03T14:03:12+01:00 in Brussels time, to the second (Django's
    "c" format adds the microseconds, which HTML does not allow beyond three digits); a date as 2026-12-03."""
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds")
            if timezone.is_aware(value)
            else value.isoformat(timespec="seconds")
        )
    return value.isoformat() if value else ""


@register.filter
def phone(value):
    """`+3225048711` → `+32 2 504 87 11`."""
    return format_phone_number(value)


@register.simple_tag
def status_badge(obj, field: str = "status"):
    """A status (or another choice field, e.g. an invitation's `rsvp`) as a badge with its text, never colour alone.

    The colour is the tone the model gives the value (`<field>_tones`: neutral, info, success, warning, danger;
    the styles in portal.css), so a status looks the same on every page.
    """
    if obj is None:
        return ""
    value = getattr(obj, field)
    tone = getattr(obj, f"{field}_tones", {}).get(value, "neutral")
    label = getattr(obj, f"get_{field}_display")()
    return format_html('<span class="badge status-badge status-{}" data-status="{}">{}</span>', tone, value, label)


@register.simple_tag
def form_field(form, prefix: str, pk):
    """The bound field `<prefix><pk>` of a form with dynamic fields, or None."""
    name = f"{prefix}{pk}"
    return form[name] if name in form.fields else None


@register.simple_tag(takes_context=True)
def object_panels(context, obj):
    """What other apps show on this object's page (portal/panels.py), e.g. its conversations."""
    from portal.panels import object_panels as render_panels

    return render_panels(context["request"], obj)
