from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_tools import EMPTY, LargeTableAdminMixin, RelatedChoicesMixin, euro, percent
from portal.forms import AMOUNT_FORMFIELDS
from portal.importexport import ImportExportPermissionsMixin
from portal.money import HUNDRED, percentage_of

from .models import MONEY, ZERO, BudgetLine, BudgetYear, FundingShare, Payment, Project
from .resources import BudgetLineResource

# Admins whose rows' labels need related rows outside the changelist too (autocomplete, change pages)
# select `list_select_related` in get_queryset: the changelist ignores list_select_related once the
# queryset has a select_related of its own.


def with_paid(lines):
    """Annotate each budget line with what has been paid on it (BudgetLine.paid_total() then reads it)."""
    money = models.DecimalField(**MONEY)
    paid = Payment.objects.filter(line=OuterRef("pk")).values("line").annotate(total=Sum("amount")).values("total")
    return lines.annotate(paid=Coalesce(Subquery(paid, output_field=money), ZERO, output_field=money))


class BudgetLineInline(RelatedChoicesMixin, admin.TabularInline):
    formfield_overrides = AMOUNT_FORMFIELDS
    model = BudgetLine
    fields = (
        "partner",
        "agreement",
        "description",
        "reference",
        "amount",
        "over_share_reason",
        "is_draft",
        "paid_so_far",
    )
    readonly_fields = ("is_draft", "paid_so_far")
    autocomplete_fields = ("partner", "agreement")
    choice_select_related = {"agreement": ("partner",)}
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return with_paid(super().get_queryset(request).select_related("budget_year", "partner", "agreement"))

    @admin.display(description=_("paid"))
    def paid_so_far(self, obj):
        return euro(obj.paid_total()) if obj.pk else EMPTY


@admin.register(BudgetYear)
class BudgetYearAdmin(SimpleHistoryAdmin):
    formfield_overrides = AMOUNT_FORMFIELDS
    list_display = (
        "year",
        "budget_article",
        "commitment_ceiling",
        "committed",
        "commitment_headroom",
        "payment_ceiling",
        "paid",
        "payment_headroom",
    )
    search_fields = ("year", "budget_article")
    readonly_fields = ("committed", "commitment_headroom", "paid", "payment_headroom")
    fieldsets = (
        (None, {"fields": ("year", "budget_article", "notes")}),
        (_("Commitments"), {"fields": ("commitment_authorisation", "committed", "commitment_headroom")}),
        (_("Payments"), {"fields": ("payment_authorisation", "paid", "payment_headroom")}),
    )
    inlines = (BudgetLineInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    @admin.display(description=_("commitment authorisation"), ordering="commitment_authorisation")
    def commitment_ceiling(self, obj):
        return euro(obj.commitment_authorisation)

    @admin.display(description=_("committed"), ordering="committed")
    def committed(self, obj):
        return euro(obj.committed_total()) if obj.pk else EMPTY

    @admin.display(description=_("still to be committed"))
    def commitment_headroom(self, obj):
        return euro(obj.commitment_headroom()) if obj.pk else EMPTY

    @admin.display(description=_("payment authorisation"), ordering="payment_authorisation")
    def payment_ceiling(self, obj):
        return euro(obj.payment_authorisation)

    @admin.display(description=_("paid"), ordering="paid")
    def paid(self, obj):
        return euro(obj.paid_total()) if obj.pk else EMPTY

    @admin.display(description=_("still to be paid"))
    def payment_headroom(self, obj):
        return euro(obj.payment_headroom()) if obj.pk else EMPTY


class PaymentInline(admin.TabularInline):
    formfield_overrides = AMOUNT_FORMFIELDS
    model = Payment
    fields = ("date", "amount", "reference")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("line")


@admin.register(BudgetLine)
class BudgetLineAdmin(ImportExportPermissionsMixin, RelatedChoicesMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    formfield_overrides = AMOUNT_FORMFIELDS
    resource_classes = [BudgetLineResource]
    list_display = (
        "budget_year",
        "partner",
        "agreement_reference",
        "description",
        "reference",
        "committed",
        "is_draft",
        "paid_so_far",
        "still_to_pay",
    )
    list_display_links = ("budget_year", "partner")
    list_filter = ("budget_year", "is_draft", "partner__is_structural", "partner")
    search_fields = ("description", "reference", "partner__name", "partner__slug", "agreement__reference")
    autocomplete_fields = ("budget_year", "partner", "agreement")
    choice_select_related = {"agreement": ("partner",)}
    list_select_related = ("budget_year", "partner", "agreement")
    # A draft line (from preparing a year) becomes a commitment through evaluations.services.year_confirm.
    readonly_fields = ("is_draft", "paid_so_far", "still_to_pay")
    fields = (
        "budget_year",
        "partner",
        "agreement",
        "description",
        "reference",
        "amount",
        "over_share_reason",
        "is_draft",
        "paid_so_far",
        "still_to_pay",
    )
    inlines = (PaymentInline,)

    def get_queryset(self, request):
        return with_paid(super().get_queryset(request).select_related(*self.list_select_related))

    @admin.display(description=_("agreement"), ordering="agreement__reference")
    def agreement_reference(self, obj):
        return obj.agreement.reference if obj.agreement_id else EMPTY

    @admin.display(description=_("committed"), ordering="amount")
    def committed(self, obj):
        return euro(obj.amount)

    @admin.display(description=_("paid"), ordering="paid")
    def paid_so_far(self, obj):
        return euro(obj.paid_total()) if obj.pk else EMPTY

    @admin.display(description=_("still to be paid"))
    def still_to_pay(self, obj):
        return euro(obj.amount - obj.paid_total()) if obj.pk else EMPTY


@admin.register(Payment)
class PaymentAdmin(LargeTableAdminMixin, RelatedChoicesMixin, SimpleHistoryAdmin):
    formfield_overrides = AMOUNT_FORMFIELDS
    list_display = ("date", "line", "partner", "paid_amount", "reference")
    list_filter = ("line__budget_year", "line__partner__is_structural")
    search_fields = ("reference", "line__description", "line__reference", "line__partner__name")
    autocomplete_fields = ("line",)
    choice_select_related = {"line": ("budget_year", "partner")}
    list_select_related = ("line__budget_year", "line__partner")
    ordering = ("-date", "-pk")  # on the index payment_date
    date_hierarchy = "date"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description=_("partner"), ordering="line__partner__name")
    def partner(self, obj):
        return obj.line.partner

    @admin.display(description=_("amount"), ordering="amount")
    def paid_amount(self, obj):
        return euro(obj.amount)


class FundingShareInlineForm(forms.ModelForm):
    def _post_clean(self):
        # FundingShare.clean() compares one share with the project's *stored* shares, so it would refuse
        # a valid reallocation made in one save (40/45/15 → 50/35/15). Here all shares are checked
        # together, on the submitted values, by FundingShareFormSet.clean().
        self.instance.clean = lambda: None
        super()._post_clean()


class FundingShareFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        percentages = [
            form.cleaned_data["percentage"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("percentage") is not None
        ]
        total = sum(percentages, Decimal(0))
        # No shares at all is allowed (funding not known yet); the project page then warns.
        if percentages and total != HUNDRED:
            raise ValidationError(
                _("The funding shares must add up to exactly 100 %%; they currently total %(total)s.")
                % {"total": percent(total)},
                code="shares_not_100",
            )


class FundingShareInline(admin.TabularInline):
    formfield_overrides = AMOUNT_FORMFIELDS
    model = FundingShare
    form = FundingShareInlineForm
    formset = FundingShareFormSet
    fields = ("source", "percentage")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project")


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    formfield_overrides = AMOUNT_FORMFIELDS
    list_display = ("name", "code", "cost", "start_date", "end_date", "funding", "funding_complete")
    search_fields = ("name", "code", "description")
    autocomplete_fields = ("partners",)
    readonly_fields = ("funding_overview",)
    fieldsets = (
        (None, {"fields": ("name", "code", "description", "start_date", "end_date", "partners", "deliverables")}),
        (_("Funding"), {"fields": ("total_cost", "funding_overview")}),
    )
    inlines = (FundingShareInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("funding_shares")

    @admin.display(description=_("total cost"), ordering="total_cost")
    def cost(self, obj):
        return euro(obj.total_cost)

    @admin.display(description=_("funding"))
    def funding(self, obj):
        shares = obj.funding_shares.all()
        return " · ".join(f"{share.get_source_display()} {percent(share.percentage)}" for share in shares)

    @admin.display(description=_("100 %"), boolean=True)
    def funding_complete(self, obj):
        return obj.funding_complete

    @admin.display(description=_("breakdown"))
    def funding_overview(self, obj):
        if obj.pk is None:
            return EMPTY
        shares = list(obj.funding_shares.all())
        if not shares:
            return format_html('<p class="errornote">{}</p>', _("There are no funding sources yet."))
        if obj.funding_complete:
            rows = obj.funding_amounts()
            warning = ""
        else:
            # Without 100 %, the rounding rule has nothing to distribute: show each share on its own.
            rows = [(share, percentage_of(obj.total_cost, share.percentage)) for share in shares]
            total = sum((share.percentage for share in shares), Decimal(0))
            warning = format_html(
                '<p class="errornote">{}</p>',
                _("Note: the shares add up to %(total)s, not 100 %%.") % {"total": percent(total)},
            )
        table = format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody>"
            "<tfoot><tr><th>{}</th><th></th><th>{}</th></tr></tfoot></table>",
            _("source"),
            _("share"),
            _("amount"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                ((share.get_source_display(), percent(share.percentage), euro(amount)) for share, amount in rows),
            ),
            _("total"),
            euro(sum((amount for _share, amount in rows), Decimal(0))),
        )
        return format_html("{}{}", warning, table)


@admin.register(FundingShare)
class FundingShareAdmin(SimpleHistoryAdmin):
    formfield_overrides = AMOUNT_FORMFIELDS
    list_display = ("project", "source", "share")
    list_filter = ("source",)
    search_fields = ("project__name", "project__code")
    autocomplete_fields = ("project",)
    list_select_related = ("project",)

    @admin.display(description=_("share"), ordering="percentage")
    def share(self, obj):
        return percent(obj.percentage)
