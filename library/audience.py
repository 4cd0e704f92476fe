"""Who a shared row is for: every partner, groups of partners, the partners of a versnelling, or one partner.

Documents and announcements both carry an audience (the abstract `AudienceFields`); this module is the one
place that decides which partners an audience reaches, as a database filter for one partner
(`audience_q`, used by the querysets' visible_to), as the partners it reaches (`audience_partners`, for
e-mails and "read by X of Y partners"), and in Python for many rows at once (`reaches`, for the figures).
The groups are the keys of partners.querysets.partner_groups(): structural, associated, or a kind.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.services import Recipient
from partners.models import Contact, Partner, Versnelling
from partners.querysets import ASSOCIATED_GROUP, STRUCTURAL_GROUP, partner_groups


class Audience(models.TextChoices):
    ALL = "all", _("all partners")
    GROUPS = "groups", _("groups of partners")
    VERSNELLING = "versnelling", _("the partners of a versnelling")
    PARTNER = "partner", _("one partner")


def group_keys_of(partner) -> set[str]:
    """The groups (keys of partner_groups()) `partner` belongs to."""
    keys = {partner.kind}
    if partner.is_structural:
        keys.add(STRUCTURAL_GROUP)
    elif partner.associated_since is not None:
        keys.add(ASSOCIATED_GROUP)
    return keys


@dataclass(frozen=True)
class PartnerReach:
    """What decides whether an audience reaches a partner: its id, groups and versnellingen."""

    partner_id: int
    groups: frozenset[str]
    versnelling_ids: frozenset[int]

    @classmethod
    def of(cls, partner_id: int) -> "PartnerReach":
        partner = Partner.objects.only("kind", "is_structural", "associated_since").get(pk=partner_id)
        versnellingen = Partner.versnellingen.through.objects.filter(partner_id=partner_id)
        return cls(
            partner_id,
            frozenset(group_keys_of(partner)),
            frozenset(versnellingen.values_list("versnelling_id", flat=True)),
        )

    @classmethod
    def of_partners(cls, partners) -> list["PartnerReach"]:
        """Every partner of `partners` in two queries."""
        through = Partner.versnellingen.through.objects.filter(partner__in=partners)
        by_partner: dict[int, set[int]] = {}
        for partner_id, versnelling_id in through.values_list("partner_id", "versnelling_id"):
            by_partner.setdefault(partner_id, set()).add(versnelling_id)
        return [
            cls(p.pk, frozenset(group_keys_of(p)), frozenset(by_partner.get(p.pk, ())))
            for p in partners.only("kind", "is_structural", "associated_since")
        ]


def audience_q(reach: PartnerReach, prefix: str = "") -> Q:
    """The rows whose audience reaches the partner of `reach` (the groups are stored as ",key,key,")."""
    groups = Q(pk__in=[])
    for key in sorted(reach.groups):
        groups |= Q(**{f"{prefix}groups__contains": f",{key},"})
    return (
        Q(**{f"{prefix}audience": Audience.ALL})
        | (Q(**{f"{prefix}audience": Audience.GROUPS}) & groups)
        | Q(**{f"{prefix}audience": Audience.VERSNELLING, f"{prefix}versnelling_id__in": list(reach.versnelling_ids)})
        | Q(**{f"{prefix}audience": Audience.PARTNER, f"{prefix}partner_id": reach.partner_id})
    )


class AudienceFields(models.Model):
    """Who the row is for. `groups` holds partner-group keys as ",structural,cluster," (any database)."""

    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, default=Audience.ALL)
    groups = models.CharField(_("groups of partners"), max_length=200, blank=True)
    versnelling = models.ForeignKey(
        Versnelling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versnelling"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("partner")
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(audience=Audience.PARTNER, partner__isnull=False)
                | (~Q(audience=Audience.PARTNER) & Q(partner__isnull=True)),
                name="%(app_label)s_%(class)s_partner_audience",
                violation_error_message=_("Choose the partner when it is shared with one partner (and only then)."),
            ),
            models.CheckConstraint(
                condition=Q(audience=Audience.VERSNELLING, versnelling__isnull=False)
                | (~Q(audience=Audience.VERSNELLING) & Q(versnelling__isnull=True)),
                name="%(app_label)s_%(class)s_versnelling_audience",
                violation_error_message=_("Choose the versnelling when it is shared with one (and only then)."),
            ),
            models.CheckConstraint(
                condition=Q(audience=Audience.GROUPS, groups__startswith=",")
                | (~Q(audience=Audience.GROUPS) & Q(groups="")),
                name="%(app_label)s_%(class)s_groups_audience",
                violation_error_message=_("Choose at least one group when it is shared with groups (and only then)."),
            ),
        ]

    @property
    def group_keys(self) -> list[str]:
        return [key for key in self.groups.split(",") if key]

    def set_groups(self, keys) -> None:
        self.groups = f",{','.join(sorted(set(keys)))}," if keys else ""

    def clean(self) -> None:
        super().clean()
        known = {key for key, _label in partner_groups()}
        if unknown := set(self.group_keys) - known:
            raise ValidationError({"groups": _("Unknown group: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}})
        if self.audience == Audience.GROUPS and not self.group_keys:
            raise ValidationError({"groups": _("Choose at least one group of partners.")})
        if self.audience == Audience.VERSNELLING and self.versnelling_id is None:
            raise ValidationError({"versnelling": _("Choose the versnelling.")})
        if self.audience == Audience.PARTNER and self.partner_id is None:
            raise ValidationError({"partner": _("Choose the partner.")})
        # What does not belong to the chosen audience is dropped, so the constraints hold.
        if self.audience != Audience.GROUPS:
            self.groups = ""
        if self.audience != Audience.VERSNELLING:
            self.versnelling = None
        if self.audience != Audience.PARTNER:
            self.partner = None

    @property
    def audience_label(self) -> str:
        """ "all partners", "structural partners, clusters", "Life Sciences" or the partner's name."""
        if self.audience == Audience.GROUPS:
            labels = dict(partner_groups())
            return ", ".join(str(labels.get(key, key)) for key in self.group_keys)
        if self.audience == Audience.VERSNELLING:
            return str(self.versnelling)
        if self.audience == Audience.PARTNER:
            return str(self.partner)
        return str(Audience.ALL.label)

    def reaches(self, reach: PartnerReach) -> bool:
        """The audience reaches the partner of `reach` (in Python: for figures over many rows at once)."""
        if self.audience == Audience.ALL:
            return True
        if self.audience == Audience.GROUPS:
            return bool(reach.groups & set(self.group_keys))
        if self.audience == Audience.VERSNELLING:
            return self.versnelling_id in reach.versnelling_ids
        return self.partner_id == reach.partner_id

    def audience_partners(self):
        """The active partners this audience reaches."""
        partners = Partner.objects.active()
        if self.audience == Audience.GROUPS:
            return partners.in_groups(self.group_keys)
        if self.audience == Audience.VERSNELLING:
            return partners.filter(versnellingen=self.versnelling_id)
        if self.audience == Audience.PARTNER:
            return partners.filter(pk=self.partner_id)
        return partners

    def audience_recipients(self) -> list[Recipient]:
        """The active contacts with an active log-in of the partners this audience reaches (for e-mails)."""
        contacts = (
            Contact.objects.with_login()
            .filter(partner__in=self.audience_partners())
            .exclude(email="")
            .order_by("partner__name", "last_name", "first_name")
        )
        return [Recipient.of_contact(contact) for contact in contacts]
