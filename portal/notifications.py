"""E-mail notifications of workflow steps (report submitted, returned, validated, ...).

Each message is rendered in the recipient's language from templates/emails/<template>.{txt,html}
(+ _subject.txt) and sent once the surrounding transaction commits, so a rolled-back change sends
nothing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    language: str = "nl"

    @classmethod
    def of_user(cls, user) -> "Recipient":
        contact = getattr(user, "contact", None)
        return cls(email=user.email, name=user.get_full_name(), language=contact.language if contact else "nl")

    @classmethod
    def of_contact(cls, contact) -> "Recipient":
        return cls(email=contact.email, name=contact.full_name, language=contact.language)


def render_message(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """(subject, text, html) of templates/emails/<template>* in `language`."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return subject, text, html


def notify(recipients: list[Recipient], template: str, context: dict) -> None:
    """Send `template` to each recipient (one mail each, in their language) after the commit."""
    unique = {r.email.lower(): r for r in recipients if r.email}

    def send() -> None:
        for recipient in unique.values():
            subject, text, html = render_message(
                template, {**context, "recipient": recipient, "site_url": settings.SITE_URL}, recipient.language
            )
            message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [recipient.email])
            message.attach_alternative(html, "text/html")
            message.send()

    transaction.on_commit(send)
