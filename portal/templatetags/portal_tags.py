from django import template
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


@register.filter
def phone(value):
    """`+3225048711` → `+32 2 504 87 11`."""
    return format_phone_number(value)


@register.simple_tag
def status_badge(obj, late: bool = False):
    """A status as a coloured badge with its text (never colour alone)."""
    if obj is None:
        return ""
    css = "late" if late else obj.status
    return format_html('<span class="badge status-badge status-{}">{}</span>', css, obj.get_status_display())


@register.simple_tag
def form_field(form, prefix: str, pk):
    """The bound field `<prefix><pk>` of a form with dynamic fields, or None."""
    name = f"{prefix}{pk}"
    return form[name] if name in form.fields else None
