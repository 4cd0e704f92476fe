"""The dashboards' read side: each function answers one dashboard from a constant number of queries.

Aggregation happens in the database (annotate, aggregate, subqueries); Python only arranges the rows it
gets back into tables. No function runs a query per partner, KPI or year.
"""
