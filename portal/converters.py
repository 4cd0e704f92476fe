"""Path converters of the portal's URLs.

`<year:year>`: a year in an address is four digits, 1900 to 2099. Any other number (0, or one of twenty
digits) is not a page of the portal, so it is a 404 before a view tries to build a date from it (which
would be a server error: `datetime.date(0, 1, 1)`, or an integer too large for the database).
"""

from django.urls import register_converter


class YearConverter:
    regex = "(?:19|20)[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


register_converter(YearConverter, "year")
