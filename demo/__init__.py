"""The demo data of the portal: the facts of the parliamentary question of 28 February 2019 (DOMAIN.md).

`demo.load.load_demo()` builds them idempotently in one transaction; `manage.py load_demo` calls it and
prints the demo log-ins. The facts themselves are plain data in `data.py`; `load.py` turns them into rows.
"""
