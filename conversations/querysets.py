"""What a user may see of the conversations: the one place (through portal.scoping.partner_scope)."""

from django.db import connection, models
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from portal.scoping import partner_scope

SEARCH_CONFIGS = {"nl": "dutch", "en": "english"}


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """FIT staff see every thread; a partner user the threads of their own organisation."""
        return partner_scope(self, user)

    def followed_by(self, user):
        """The threads whose news counts for `user` (the header badge, the to-do item): a partner user's own; an
        account manager's partners; other FIT staff the threads they wrote in or opened."""
        qs = self.visible_to(user)
        if not user.is_authenticated or not user.is_fit_staff:
            return qs
        account_manager = getattr(user, "account_manager", None)
        if account_manager is not None:
            from partners.models import Partner

            return qs.filter(partner__in=Partner.objects.looked_after_by(account_manager))
        from .models import Message, ThreadRead

        return qs.filter(
            Q(pk__in=Message.objects.filter(author=user).values("thread_id"))
            | Q(pk__in=ThreadRead.objects.filter(user=user).values("thread_id"))
        )

    def with_unread_for(self, user):
        """Annotate `unread`: a message the user may see, not their own, newer than their read marker."""
        from .models import Message, ThreadRead

        last_read = ThreadRead.objects.filter(thread=OuterRef("thread_id"), user=user).values("last_read_at")[:1]
        newer = (
            Message.objects.visible_to(user)
            .filter(thread=OuterRef("pk"))
            .exclude(author=user)
            .annotate(read_at=Subquery(last_read))
            .filter(Q(read_at__isnull=True) | Q(created_at__gt=models.F("read_at")))
        )
        return self.annotate(unread=Exists(newer))

    def unread_for(self, user):
        return self.with_unread_for(user).filter(unread=True)

    def search(self, text: str, language: str = "nl", user=None):
        """Threads whose subject or messages (those `user` may see) match `text`: PostgreSQL full-text search
        in Dutch or English after the page's language; a plain icontains elsewhere (SQLite in `make run`)."""
        from .models import Message

        text = (text or "").strip()
        if not text:
            return self
        messages = Message.objects.visible_to(user) if user is not None else Message.objects.all()
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVector

            config = SEARCH_CONFIGS.get((language or "nl")[:2], "dutch")
            query = SearchQuery(text, config=config, search_type="plain")
            subject_ids = (
                self.model.objects.annotate(document=SearchVector("subject", config=config))
                .filter(document=query)
                .values("pk")
            )
            body_ids = (
                messages.annotate(document=SearchVector("body", config=config))
                .filter(document=query)
                .values("thread_id")
            )
        else:
            subject_ids = self.model.objects.filter(subject__icontains=text).values("pk")
            body_ids = messages.filter(body__icontains=text).values("thread_id")
        return self.filter(Q(pk__in=subject_ids) | Q(pk__in=body_ids))

    def about(self, obj):
        """The threads tied to `obj` (a KPI report, evaluation, improvement point, action or moment)."""
        from .models import ABOUT_FIELDS

        for field, model_path in ABOUT_FIELDS.items():
            if obj._meta.label == model_path:
                return self.filter(**{field: obj})
        return self.none()

    def with_counts(self, user):
        from .models import Message

        visible = Message.objects.visible_to(user).filter(thread=OuterRef("pk"))
        count = visible.order_by().values("thread").annotate(n=Count("pk")).values("n")[:1]
        return self.annotate(message_count=Subquery(count))


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A partner user sees the messages of their organisation's threads, never FIT's internal notes."""
        return partner_scope(self, user, lambda qs, pid: qs.filter(thread__partner_id=pid, internal=False))

    def public(self):
        return self.filter(internal=False)
