"""The demo data of the portal: the facts of the parliamentary question of 28 February 2019 (DOMAIN.md).

`load_demo()` builds them idempotently in one transaction; `manage.py load_demo` calls it and prints
the demo log-ins. The facts themselves are plain data in `data.py`; `load.py` turns them into rows.
"""

from .load import DEMO_PASSWORD, DemoLogin, DemoSummary, load_demo

__all__ = ["DEMO_PASSWORD", "DemoLogin", "DemoSummary", "load_demo"]
