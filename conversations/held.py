"""The files of a message that did not post (a form error), kept for its author until they post it again.

conversations.forms.MessageForm keeps them (hold_files) under HELD_FOLDER and names them in a signed field;
the daily run deletes those whose author never came back.
"""

import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

HELD_FOLDER = "conversations/held"
HELD_MAX_AGE = datetime.timedelta(days=1)


def delete_stale_held_files(today: datetime.date | None = None) -> int:
    """Kept files whose author never posted again (older than HELD_MAX_AGE): deleted by the daily run."""
    now = timezone.now()
    try:
        _dirs, names = default_storage.listdir(HELD_FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in names:
        path = f"{HELD_FOLDER}/{name}"
        if now - default_storage.get_modified_time(path) > HELD_MAX_AGE:
            default_storage.delete(path)
            deleted += 1
    return deleted
