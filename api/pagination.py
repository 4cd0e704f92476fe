from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """100 rows a page (`?page=2`), up to 1000 with `?page_size=`."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
