"""The one rule every CSV and XLSX export of the portal follows: typed text never becomes a live formula.

A partner, a contact or a member of staff types titles, names and notes; a spreadsheet program reads a
cell that starts with `=`, `+`, `-` or `@` (and, in some programs, after a tab or a carriage return) as
a formula, so `=HYPERLINK("http://x","y")` in an action title would be a live link in the manager's
export. Following OWASP's advice on CSV injection, such text gets a leading single quote: the program
shows it as text, and the reader still sees what was typed.

Only text is touched: a number, an amount, a date or a boolean stays what it is (a negative amount is a
number, not a formula). Callers apply `neutralise` where they still know a value's type, before it is
formatted: the dashboards' exports (dashboards/exports.py) and every django-import-export resource
(portal/importexport.py). An import undoes it (`restore`), so that an exported file imports unchanged.

django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not enough and stays off: it only
drops a leading `=` (changing the text, and missing `+ - @`, tab and carriage return) and turns every
cell, numbers too, into text.
"""

import datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_PREFIX = "'"


def neutralise(value):
    """The value to write to a spreadsheet cell: text that a program would run as a formula gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_PREFIX + value
    return value


def restore(value):
    """The text as typed, from a cell that `neutralise` wrote (`'=1+1` becomes `=1+1` again)."""
    if isinstance(value, str) and value.startswith(TEXT_PREFIX) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def is_number(value) -> bool:
    """A true number or date, which a spreadsheet shows as such (booleans count: they are ints)."""
    return isinstance(value, (int, float, Decimal, datetime.date, datetime.time, datetime.timedelta))
