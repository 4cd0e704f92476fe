from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from notifications.models import OutboxMessage
from portal.admin_tools import EMPTY, LargeTableAdminMixin, RelatedChoicesMixin, euro, percent
from portal.forms import AMOUNT_FORMFIELDS
from portal.importexport import ImportExportPermissionsMixin

from .models import (
    AccountManager,
    AccountManagerAssignment,
    Agreement,
    AgreementYear,
    CalendarFeed,
    ConsultationMoment,
    Contact,
    ForeignOffice,
    ForeignRepresentative,
    Invitation,
    Partner,
    PartnerMarket,
    ProfileView,
    Theme,
    Versnelling,
)
from .resources import ContactResource, PartnerResource
from .services import (
    calendar_feed_revoke,
    contact_set_listed,
    moment_changed,
    moment_invitations_added,
    moment_invite,
    moment_publish,
    moment_publish_minutes,
    moment_subject_key,
    moment_withdraw_invitation,
)

# Admins whose rows' labels need related rows outside the changelist too (autocomplete, change pages)
# select `list_select_related` in get_queryset: the changelist ignores list_select_related once the
# queryset has a select_related of its own.


class AccountManagerFilter(admin.SimpleListFilter):
    """By account manager; the default filter would query each manager's user for its label."""

    title = _("account manager")
    parameter_name = "account_manager"

    def lookups(self, request, model_admin):
        return [(str(manager.pk), str(manager)) for manager in AccountManager.objects.select_related("user")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(account_manager_id=self.value())
        return queryset


@admin.register(Versnelling)
class VersnellingAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "order")
    list_editable = ("order",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "description")
    search_fields = ("name", "description")


class ContactInline(admin.TabularInline):
    model = Contact
    fields = (
        "first_name",
        "last_name",
        "role",
        "email",
        "phone",
        "language",
        "is_reporting_contact",
        "is_active",
        "listed_in_directory",
    )
    # The listing in the partner network is the contact's consent, given on the partner side.
    readonly_fields = ("listed_in_directory",)
    extra = 0
    show_change_link = True


class PartnerMarketInline(admin.TabularInline):
    model = PartnerMarket
    fields = ("name",)
    extra = 0


class AgreementInline(admin.TabularInline):
    formfield_overrides = AMOUNT_FORMFIELDS
    model = Agreement
    fields = ("reference", "title", "start_date", "end_date", "signed_on", "partner_share", "fit_share", "split_reason")
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")


class AssignmentInline(RelatedChoicesMixin, admin.TabularInline):
    model = AccountManagerAssignment
    fields = ("account_manager", "start_date", "end_date")
    autocomplete_fields = ("account_manager",)
    choice_select_related = {"account_manager": ("user",)}
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner", "account_manager__user")


@admin.register(Partner)
class PartnerAdmin(ImportExportPermissionsMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [PartnerResource]
    list_display = (
        "name",
        "slug",
        "kind",
        "is_structural",
        "enterprise_number",
        "city",
        "account_manager",
        "is_active",
    )
    list_filter = ("is_structural", "kind", "is_active", "versnellingen", "themes")
    search_fields = ("name", "slug", "enterprise_number", "city")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("versnellingen", "themes")
    readonly_fields = ("created_at", "profile_updated_at")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "is_structural", "associated_since", "is_active")}),
        (_("Regular consultation"), {"fields": ("bilaterals_per_year",)}),
        (
            _("Details"),
            {"fields": ("enterprise_number", "street", "postal_code", "city", "country", "website", "description")},
        ),
        (_("Versnellingen and themes"), {"fields": ("versnellingen", "themes")}),
        (_("Partner network"), {"fields": ("show_in_attendee_lists", "profile_updated_at")}),
        (_("History"), {"fields": ("created_at",)}),
    )
    inlines = (ContactInline, PartnerMarketInline, AgreementInline, AssignmentInline)

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_account_manager()

    @admin.display(description=_("account manager"))
    def account_manager(self, obj):
        return obj.current_account_manager or EMPTY


@admin.register(Contact)
class ContactAdmin(ImportExportPermissionsMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ContactResource]
    list_display = (
        "last_name",
        "first_name",
        "partner",
        "role",
        "email",
        "phone",
        "language",
        "is_reporting_contact",
        "has_login",
        "listed_in_directory",
        "is_active",
    )
    list_display_links = ("last_name", "first_name")
    list_filter = (
        "is_reporting_contact",
        "is_active",
        "listed_in_directory",
        "language",
        "partner__is_structural",
        "partner",
    )
    search_fields = ("first_name", "last_name", "email", "role", "partner__name", "partner__slug")
    autocomplete_fields = ("partner", "user")
    list_select_related = ("partner",)
    # The listing in the partner network is the contact's consent, given on the partner side; FIT can only
    # withdraw it (the action below), for a contact who asks FIT to.
    readonly_fields = ("listed_in_directory", "listed_since")
    actions = ("withdraw_listing",)

    @admin.action(description=_("Withdraw from the partner network"))
    def withdraw_listing(self, request, queryset):
        contacts = list(queryset.filter(listed_in_directory=True))
        for contact in contacts:
            contact_set_listed(contact=contact, user=request.user, listed=False)
        messages.success(
            request,
            ngettext(
                "%(count)d contact withdrawn from the partner network.",
                "%(count)d contacts withdrawn from the partner network.",
                len(contacts),
            )
            % {"count": len(contacts)},
        )

    @admin.display(description=_("login"), boolean=True, ordering="user")
    def has_login(self, obj):
        return obj.user_id is not None


@admin.register(AccountManager)
class AccountManagerAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "email", "phone", "working_time", "partner_count", "is_active")
    list_filter = ("is_active",)
    search_fields = ("user__first_name", "user__last_name", "user__username", "user__email")
    autocomplete_fields = ("user",)
    list_select_related = ("user",)
    inlines = (AssignmentInline,)

    def get_queryset(self, request):
        today = timezone.localdate()
        current = Q(assignments__start_date__lte=today) & (
            Q(assignments__end_date__isnull=True) | Q(assignments__end_date__gte=today)
        )
        return (
            super()
            .get_queryset(request)
            .select_related(*self.list_select_related)
            .annotate(current_partners=Count("assignments", filter=current))
        )

    @admin.display(description=_("email address"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description=_("share of working time"), ordering="time_share")
    def working_time(self, obj):
        return percent(obj.time_share)

    @admin.display(description=_("current partners"), ordering="current_partners")
    def partner_count(self, obj):
        return obj.current_partners


@admin.register(AccountManagerAssignment)
class AccountManagerAssignmentAdmin(RelatedChoicesMixin, SimpleHistoryAdmin):
    list_display = ("partner", "account_manager", "start_date", "end_date")
    list_filter = (AccountManagerFilter, "partner__is_structural")
    search_fields = ("partner__name", "account_manager__user__first_name", "account_manager__user__last_name")
    autocomplete_fields = ("partner", "account_manager")
    choice_select_related = {"account_manager": ("user",)}
    list_select_related = ("partner", "account_manager__user")
    date_hierarchy = "start_date"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)


class AgreementYearInline(admin.TabularInline):
    formfield_overrides = AMOUNT_FORMFIELDS
    model = AgreementYear
    fields = ("year", "amount", "fit_part", "partner_part")
    readonly_fields = ("fit_part", "partner_part")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agreement__partner")

    @admin.display(description=_("FIT share"))
    def fit_part(self, obj):
        return euro(obj.fit_amount) if obj.pk else EMPTY

    @admin.display(description=_("partner share"))
    def partner_part(self, obj):
        return euro(obj.partner_amount) if obj.pk else EMPTY


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    formfield_overrides = AMOUNT_FORMFIELDS
    list_display = ("reference", "partner", "title", "start_date", "end_date", "signed_on", "shares")
    list_filter = ("partner__is_structural", "start_date", "end_date")
    search_fields = ("reference", "title", "partner__name", "partner__slug")
    autocomplete_fields = ("partner",)
    list_select_related = ("partner",)
    date_hierarchy = "start_date"
    readonly_fields = ("document_name", "year_overview")
    fieldsets = (
        (None, {"fields": ("partner", "reference", "title", "start_date", "end_date", "signed_on")}),
        (_("Co-financing"), {"fields": ("partner_share", "fit_share", "split_reason", "year_overview")}),
        (_("Document"), {"fields": ("document", "document_name", "notes")}),
    )
    # evaluations.admin adds the KPI targets here: the partners know nothing of KPIs.
    inlines = (AgreementYearInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    def save_model(self, request, obj, form, change):
        if "document" in form.changed_data and obj.document:
            obj.document_name = form.cleaned_data["document"].name
        super().save_model(request, obj, form, change)

    @admin.display(description=_("partner / FIT share"))
    def shares(self, obj):
        shares = f"{percent(obj.partner_share)} / {percent(obj.fit_share)}"
        return shares if obj.is_equal_split else format_html("{}<br>{}", shares, obj.split_reason)

    @admin.display(description=_("annual amounts"))
    def year_overview(self, obj):
        years = list(obj.year_amounts.all()) if obj.pk else []
        if not years:
            return EMPTY
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((y.year, euro(y.amount), euro(y.fit_amount), euro(y.partner_amount)) for y in years),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody><tfoot><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></tfoot></table>",
            _("year"),
            _("total"),
            _("FIT share"),
            _("partner share"),
            rows,
            _("total"),
            euro(sum(y.amount for y in years)),
            euro(sum(y.fit_amount for y in years)),
            euro(sum(y.partner_amount for y in years)),
        )


@admin.register(AgreementYear)
class AgreementYearAdmin(RelatedChoicesMixin, SimpleHistoryAdmin):
    formfield_overrides = AMOUNT_FORMFIELDS
    list_display = ("agreement", "partner", "year", "total", "fit_part", "partner_part")
    list_filter = ("year", "agreement__partner__is_structural")
    search_fields = ("agreement__reference", "agreement__partner__name")
    autocomplete_fields = ("agreement",)
    choice_select_related = {"agreement": ("partner",)}
    list_select_related = ("agreement__partner",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description=_("partner"), ordering="agreement__partner__name")
    def partner(self, obj):
        return obj.agreement.partner

    @admin.display(description=_("total"), ordering="amount")
    def total(self, obj):
        return euro(obj.amount)

    @admin.display(description=_("FIT share"))
    def fit_part(self, obj):
        return euro(obj.fit_amount)

    @admin.display(description=_("partner share"))
    def partner_part(self, obj):
        return euro(obj.partner_amount)


class ForeignRepresentativeInline(admin.TabularInline):
    model = ForeignRepresentative
    fields = ("first_name", "last_name", "email", "language", "is_active")
    extra = 0


@admin.register(ForeignOffice)
class ForeignOfficeAdmin(SimpleHistoryAdmin):
    list_display = ("city", "country")
    list_filter = ("country",)
    search_fields = ("city", "country")
    inlines = (ForeignRepresentativeInline,)


@admin.register(ForeignRepresentative)
class ForeignRepresentativeAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "office", "email", "language", "is_active")
    list_filter = ("office", "is_active", "language")
    search_fields = ("first_name", "last_name", "email", "office__city", "office__country")
    list_select_related = ("office",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)


def _invite(moment: ConsultationMoment, partners=None, offices=None) -> int:
    """Invite the active contacts of `partners` and the representatives of `offices` (services.moment_invite);
    a published moment's new invitees get their invitation too. Returns the number of new invitations."""
    return len(moment_invite(moment=moment, partners=partners, offices=offices))


def withdraw_invitation(invitation) -> None:
    """Deleting an invitation in the admin withdraws it like the moment page does while the moment is planned
    and to come (services.moment_withdraw_invitation: the invitee is told); afterwards it is only deleted."""
    moment = invitation.moment
    if moment.status == moment.Status.PLANNED and not moment.has_started:
        moment_withdraw_invitation(invitation=invitation)
    else:
        invitation.delete()


class InvitationFormSet(forms.BaseInlineFormSet):
    def delete_existing(self, obj, commit=True):
        if commit:
            withdraw_invitation(obj)


class InvitationInline(admin.TabularInline):
    model = Invitation
    formset = InvitationFormSet
    fields = ("contact", "representative", "partner", "rsvp", "rsvp_note", "responded_at", "attended")
    # When the invitee answered is recorded by the answer itself: a date-and-time widget per row made every
    # row four lines high.
    readonly_fields = ("partner", "responded_at")
    autocomplete_fields = ("contact", "representative")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contact", "representative__office", "partner", "moment")


class ConsultationMomentForm(forms.ModelForm):
    invite_partners = forms.ModelMultipleChoiceField(
        label=_("invite partners"),
        queryset=Partner.objects.active(),
        required=False,
        widget=FilteredSelectMultiple(_("partners"), is_stacked=False),
        help_text=_(
            "All active contacts of these partners are invited when you save; anyone already invited stays unchanged."
        ),
    )

    class Meta:
        model = ConsultationMoment
        fields = (
            "kind",
            "title",
            "status",
            "partner",
            "organiser",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "agenda",
            "minutes",
            "foreign_offices",
            "foreign_representatives",
        )


@admin.register(ConsultationMoment)
class ConsultationMomentAdmin(LargeTableAdminMixin, SimpleHistoryAdmin):
    form = ConsultationMomentForm
    list_display = (
        "title",
        "kind",
        "start",
        "status",
        "partner",
        "location",
        "invitation_count",
        "on_holiday",
    )
    list_filter = ("kind", "status", "foreign_offices")
    search_fields = ("title", "location", "agenda", "partner__name")
    autocomplete_fields = ("partner", "organiser")
    filter_horizontal = ("foreign_offices",)
    list_select_related = ("partner",)
    ordering = ("-starts_at", "-pk")
    date_hierarchy = "starts_at"
    # Publishing, cancelling and publishing the minutes send messages: they go through the services
    # of notifications (actions and the status field), never through a date typed in by hand.
    readonly_fields = ("holiday_notice", "published_at", "minutes_published_at", "outbox_preview")
    fieldsets = (
        (None, {"fields": ("kind", "title", "status", "partner", "organiser")}),
        (_("When and where"), {"fields": ("starts_at", "ends_at", "holiday_notice", "location", "online_url")}),
        (_("Content"), {"fields": ("agenda", "minutes", "minutes_published_at")}),
        (_("Foreign network"), {"fields": ("foreign_offices", "foreign_representatives")}),
        (_("Invitations"), {"fields": ("published_at", "invite_partners")}),
        (_("Messages: who gets what when"), {"classes": ("collapse",), "fields": ("outbox_preview",)}),
    )
    inlines = (InvitationInline,)
    actions = ("invite_active_contacts", "publish", "publish_minutes")

    def get_queryset(self, request):
        # Counted for the rows shown only (a subquery per row of the page), not by grouping every moment with
        # all its invitations before the page is cut out.
        invitations = (
            Invitation.objects.filter(moment=OuterRef("pk")).order_by().values("moment").annotate(total=Count("pk"))
        )
        return (
            super()
            .get_queryset(request)
            .annotate(invitation_total=Coalesce(Subquery(invitations.values("total"), output_field=IntegerField()), 0))
        )

    def get_changeform_initial_data(self, request):
        return {"organiser": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and moment_changed(moment=obj, changed=set(form.changed_data), user=request.user) == "cancelled":
            messages.info(
                request, _("The consultation moment has been cancelled; everyone who was invited will be notified.")
            )
        if obj.holiday_warning:
            messages.warning(request, obj.holiday_warning)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Invitation and formset.new_objects:
            moment_invitations_added(moment=form.instance, invitations=formset.new_objects)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.status == ConsultationMoment.Status.CANCELLED:
            return
        # The representatives of the foreign offices taking part are invitees too.
        partners = form.cleaned_data.get("invite_partners") or Partner.objects.none()
        created = _invite(form.instance, partners, form.instance.foreign_offices.all())
        if created:
            messages.success(request, self._invited_message(created))

    @admin.action(description=_("Invite all active contacts of the invited partners"))
    def invite_active_contacts(self, request, queryset):
        created = 0
        for moment in queryset:
            if moment.status == ConsultationMoment.Status.CANCELLED:
                messages.warning(request, _("%(moment)s is cancelled: nobody invited.") % {"moment": moment})
                continue
            created += _invite(moment, None, moment.foreign_offices.all())
        messages.success(request, self._invited_message(created))

    @admin.action(description=_("Publish: invitees receive their invitation"))
    def publish(self, request, queryset):
        moments = list(queryset.filter(status=ConsultationMoment.Status.PLANNED, published_at__isnull=True))
        for moment in moments:
            moment_publish(moment=moment, user=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d consultation moment published.", "%(count)d consultation moments published.", len(moments)
            )
            % {"count": len(moments)},
        )

    @admin.action(description=_("Publish minutes: invitees are notified"))
    def publish_minutes(self, request, queryset):
        moments = list(queryset.filter(minutes_published_at__isnull=True).exclude(minutes=""))
        for moment in moments:
            moment_publish_minutes(moment=moment, user=request.user)
        messages.success(
            request,
            ngettext("%(count)d set of minutes published.", "%(count)d sets of minutes published.", len(moments))
            % {"count": len(moments)},
        )

    @staticmethod
    def _invited_message(created: int) -> str:
        return ngettext("%(count)d invitee invited.", "%(count)d invitees invited.", created) % {"count": created}

    @admin.display(description=_("start"), ordering="starts_at")
    def start(self, obj):
        return timezone.localtime(obj.starts_at).strftime("%d/%m/%Y %H:%M")

    @admin.display(description=_("invited"), ordering="invitation_total")
    def invitation_count(self, obj):
        return obj.invitation_total

    @admin.display(description=_("public holiday"), boolean=True)
    def on_holiday(self, obj):
        return bool(obj.holiday_warning)

    @admin.display(description=_("public holiday"))
    def holiday_notice(self, obj):
        return obj.holiday_warning or EMPTY

    @admin.display(description=_("messages"))
    def outbox_preview(self, obj):
        """Who gets what when for this moment: every planned, sent, failed or lapsed message of the outbox."""
        if obj.pk is None:
            return EMPTY
        key = moment_subject_key(obj)
        changelist = reverse("admin:notifications_outboxmessage_changelist")
        return render_to_string(
            "admin/notifications/outbox_about.html",
            {
                "messages": OutboxMessage.objects.about(key)[:500],
                "changelist_url": f"{changelist}?{urlencode({'q': key})}",
            },
        )


@admin.register(Invitation)
class InvitationAdmin(LargeTableAdminMixin, SimpleHistoryAdmin):
    list_display = ("invitee", "partner", "moment", "rsvp", "responded_at", "attended")
    list_filter = ("rsvp", "attended", "moment__kind", "moment__status")
    search_fields = (
        "contact__first_name",
        "contact__last_name",
        "contact__email",
        "representative__first_name",
        "representative__last_name",
        "representative__email",
        "partner__name",
        "moment__title",
    )
    autocomplete_fields = ("moment", "contact", "representative")
    list_select_related = ("contact", "representative__office", "partner", "moment")
    # The newest moments' invitations first, on the moment key's index (the model's own ordering sorts every
    # invitation by its partner's and invitee's names).
    ordering = ("-moment_id", "pk")
    readonly_fields = ("partner",)
    date_hierarchy = "moment__starts_at"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            moment_invitations_added(moment=obj.moment, invitations=[obj])

    def delete_model(self, request, obj):
        withdraw_invitation(obj)

    def delete_queryset(self, request, queryset):
        for invitation in queryset.select_related("moment", "contact", "representative"):
            withdraw_invitation(invitation)

    @admin.display(description=_("invitee"))
    def invitee(self, obj):
        return obj.invitee


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Partner users' personal calendar feeds; the secret token stays out of the admin."""

    list_display = ("user", "created_at", "revoked_at", "is_active")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    list_select_related = ("user",)
    fields = ("user", "created_at", "revoked_at")
    readonly_fields = ("user", "created_at")
    date_hierarchy = "created_at"
    actions = ("revoke",)

    def has_add_permission(self, request):
        return False  # a feed is made by its user, from the partner portal

    @admin.display(description=_("active"), boolean=True)
    def is_active(self, obj):
        return obj.is_active

    @admin.action(description=_("Revoke selected calendar subscriptions"))
    def revoke(self, request, queryset):
        feeds = list(queryset.filter(revoked_at__isnull=True).select_related("user"))
        for feed in feeds:
            calendar_feed_revoke(user=feed.user)
        messages.success(
            request,
            ngettext("%(count)d subscription revoked.", "%(count)d subscriptions revoked.", len(feeds))
            % {"count": len(feeds)},
        )


@admin.register(ProfileView)
class ProfileViewAdmin(admin.ModelAdmin):
    """Which partner read which other partner's profile in the partner network, once a day: the directory's
    use. Counted by the portal, so read-only here."""

    list_display = ("day", "viewer", "viewed")
    list_filter = ("day", "viewed")
    search_fields = ("viewer__name", "viewed__name")
    list_select_related = ("viewer", "viewed")
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
