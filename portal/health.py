"""What `/healthz` checks: the database and the broker here, and what the apps register from their
AppConfig.ready() (the outbox: that the periodic sweep still runs, so a dead beat or worker is noticed).

A check is a function without arguments that answers "ok" or a short word for what is wrong ("late",
"unavailable"); it never raises (an exception counts as "unavailable") and gives no details: the health check
is public, for a load balancer or a monitor.
"""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

OK = "ok"
_checks: dict[str, Callable[[], str]] = {}


def register_check(name: str, check: Callable[[], str]) -> None:
    _checks[name] = check


def run_checks(builtin: dict[str, Callable[[], str]]) -> dict[str, str]:
    """{name: "ok" or what is wrong} for the built-in checks, then the registered ones, in that order."""
    answers = {}
    for name, check in {**builtin, **_checks}.items():
        try:
            answers[name] = check()
        except Exception:  # a check that fails to run says the part is not healthy
            logger.exception("Health check %s failed", name)
            answers[name] = "unavailable"
    return answers
