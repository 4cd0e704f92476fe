"""KPI attainment in the database: the same formula as evaluations.models.achievement_percentage.

evaluations.models is THE definition (`achievement_percentage`, `rate_achievement`); this module writes
it as a SQL expression so that the dashboards can aggregate in the database. tests/test_attainment.py
checks that both agree, case by case and on random values.

The definition, restated: higher is better: actual / target × 100; lower is better: target / actual × 100;
a target of 0 (higher) or an actual of 0 (lower) counts as 100 %; a missing target or actual gives no
figure (NULL). Rounded to one decimal the way Python's Decimal.quantize rounds by default: half to even
(25,25 → 25,2; 25,35 → 25,4). SQL's ROUND rounds half away from zero, hence the explicit tie rule in
Achievement.

Only results of a validated report are final; all others are provisional (FINAL_STATUSES).
"""

from decimal import Decimal

from django.conf import settings
from django.db import connections
from django.db.models import BooleanField, Case, DecimalField, Expression, F, QuerySet, Value, When
from django.db.models.lookups import GreaterThanOrEqual, IsNull

from evaluations.models import Rating, ReportStatus

# Wide enough for any quotient of two amounts of max_digits=12, decimal_places=2 (at most 9,9 × 10^13 %).
PERCENT_FIELD = DecimalField(max_digits=20, decimal_places=1)
TENTH = Decimal("0.1")

# A final result is one whose report the account manager validated; any other result is provisional.
FINAL_STATUSES = (ReportStatus.VALIDATED,)


class Achievement(Expression):
    """achievement_percentage(target, actual, direction) as one SQL CASE expression.

    Written as SQL text rather than as nested Case/When objects: the same arithmetic, but Django compiles
    it in one step instead of walking a large expression tree for every reference (the dashboards use it
    in several aggregates of one query), which keeps query compilation out of the render time. Plain SQL
    (CASE, FLOOR, MOD, ROUND) that runs on PostgreSQL and, through Django's own functions, on SQLite.
    """

    # Tenths of a percent, n / d with n = 1000 × actual and d = target (lower is better: the other way
    # round), rounded half up by ROUND; an exact tie (n / d ends in ,5: 2n mod 2d = d) that ROUND took up
    # to an odd number goes back down to the even one, as Decimal.quantize rounds (half to even).
    TENTHS_SQL = (
        "(ROUND({n} / {d}) - CASE WHEN MOD(2 * {n}, 2 * {d}) = {d} AND MOD(ROUND({n} / {d}), 2) = 1 "
        "THEN 1 ELSE 0 END) / 10.0"
    )
    SQL = (
        "CASE WHEN {t} IS NULL OR {a} IS NULL THEN NULL "
        "WHEN {d} = 'lower' AND {a} = 0 THEN 100 "
        "WHEN {d} = 'lower' THEN {lower} "
        "WHEN {t} = 0 THEN 100 "
        "ELSE {higher} END"
    )

    def __init__(self, target, actual, direction):
        super().__init__(output_field=PERCENT_FIELD)
        self.target, self.actual, self.direction = (
            F(x) if isinstance(x, str) else x for x in (target, actual, direction)
        )

    def get_source_expressions(self):
        return [self.target, self.actual, self.direction]

    def set_source_expressions(self, exprs):
        self.target, self.actual, self.direction = exprs

    def as_sql(self, compiler, connection, cast: str = "{}"):
        parts = {}
        for name, expression in (("t", self.target), ("a", self.actual), ("d", self.direction)):
            sql, params = compiler.compile(expression)
            if params:  # column references only: a parameter would have to be repeated in order
                raise ValueError("Achievement takes column references, not values")
            parts[name] = sql
        # 1000.0, not 1000: SQLite stores 2,00 as the integer 2 and would divide integers.
        higher = self.TENTHS_SQL.format(n=f"({parts['a']} * 1000.0)", d=parts["t"])
        lower = self.TENTHS_SQL.format(n=f"({parts['t']} * 1000.0)", d=parts["a"])
        sql = self.SQL.format(higher=cast.format(higher), lower=cast.format(lower), **parts)
        return f"({sql})", []

    def get_db_converters(self, connection):
        # SQLite returns a float, which Django turns into Decimal('66.6000000000000'): one decimal, as Python.
        return [*super().get_db_converters(connection), self._one_decimal]

    @staticmethod
    def _one_decimal(value, expression, connection):
        return None if value is None else Decimal(value).quantize(TENTH)

    def as_postgresql(self, compiler, connection):
        # The quotient is exact (n / 10); the cast drops the trailing zeros that numeric division adds.
        return self.as_sql(compiler, connection, cast="CAST({} AS numeric(20, 1))")


def achievement_expression(
    target: str = "target_value", actual: str = "result__actual_value", direction: str = "kpi__direction"
) -> Achievement:
    """A SQL expression of the achievement percentage (Decimal with one decimal, or NULL).

    The arguments are lookups from the queried model to the target value, the actual value and the
    KPI's direction; the defaults suit a KPITarget queryset.
    """
    return Achievement(target, actual, direction)


def rating_expression(achievement) -> Case:
    """The rating of an achievement expression, as evaluations.models.rate_achievement gives it."""
    green = Decimal(settings.PORTAL["ACHIEVEMENT_GREEN"])
    amber = Decimal(settings.PORTAL["ACHIEVEMENT_AMBER"])
    return Case(
        When(IsNull(achievement, True), then=Value(Rating.NONE.value)),
        When(GreaterThanOrEqual(achievement, Value(green)), then=Value(Rating.GREEN.value)),
        When(GreaterThanOrEqual(achievement, Value(amber)), then=Value(Rating.AMBER.value)),
        default=Value(Rating.RED.value),
    )


def rating_counts(targets: QuerySet, group_by: list[str]) -> list[dict]:
    """Per group of KPI targets: how many targets, results, final results, final results rated green, amber
    and red, and the average achievement of the final ones.

    Aggregated in the database over the attained targets as a subquery, so that the achievement is computed
    once per row (Django would otherwise repeat the whole expression in every FILTER clause).
    """
    keys = {f"g{i}": F(name) for i, name in enumerate(group_by)}
    inner = with_attainment(targets).order_by().annotate(**keys).values(*keys, "actual", "achievement", "is_final")
    inner_sql, params = inner.query.sql_with_params()
    final = "is_final AND actual IS NOT NULL"
    columns = ", ".join(keys)  # g0, g1...: our own aliases; the values travel as parameters
    sql = (
        f"SELECT {columns}, COUNT(*), COUNT(actual), "  # noqa: S608
        f"COUNT(*) FILTER (WHERE {final}), "
        f"COUNT(*) FILTER (WHERE {final} AND achievement >= %s), "
        f"COUNT(*) FILTER (WHERE {final} AND achievement >= %s AND achievement < %s), "
        f"COUNT(*) FILTER (WHERE {final} AND achievement < %s), "
        f"AVG(achievement) FILTER (WHERE {final}) "
        f"FROM ({inner_sql}) attained GROUP BY {columns}"
    )
    connection = connections[targets.db]
    # SQLite would bind a Decimal as text, and text never compares equal to or less than a number.
    threshold = float if connection.vendor == "sqlite" else Decimal
    green = threshold(settings.PORTAL["ACHIEVEMENT_GREEN"])
    amber = threshold(settings.PORTAL["ACHIEVEMENT_AMBER"])
    with connection.cursor() as cursor:
        cursor.execute(sql, (green, amber, green, amber, *params))  # the select list comes first
        rows = cursor.fetchall()
    names = ["targets", "results", "final", "green", "amber", "red", "average"]
    result = []
    for row in rows:
        item = dict(zip(group_by, row[: len(group_by)], strict=True))
        item.update(zip(names, row[len(group_by) :], strict=True))
        if item["average"] is not None:  # numeric on PostgreSQL, a float on SQLite
            item["average"] = Decimal(str(item["average"])).quantize(Decimal("0.1"))
        result.append(item)
    return result


def with_attainment(targets: QuerySet) -> QuerySet:
    """Annotate a KPITarget queryset with its result: `actual`, `report_status`, `is_final` and `achievement`.

    One row per target, targets without a result included (actual and achievement NULL). The rating of a
    single row is evaluations.models.rate_achievement(achievement); `rating_expression` is for grouping
    in SQL.
    """
    return targets.annotate(
        actual=F("result__actual_value"),
        report_status=F("result__report__status"),
        is_final=Case(
            When(result__report__status__in=FINAL_STATUSES, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        achievement=achievement_expression(),
    )
