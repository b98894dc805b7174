"""The covenant rule's SQL fragments take the expressions they compare, instead of being rewritten
by string replacement (one definition of the threshold comparison and the cutoff)."""

from buildings.selectors.statistics import stale_cutoff_sql
from buildings.selectors.structural_vacancy import above_share_sql, rule_cutoff_sql


def test_above_share_compares_in_integers_with_the_given_relation():
    assert above_share_sql(vacant="r.vacant_area_m2", lettable="s.lettable", params="q") == (
        "r.vacant_area_m2::bigint * q.den > s.lettable::bigint * q.num"
    )
    assert above_share_sql(vacant="latest.vacant_area_m2") == (
        "latest.vacant_area_m2::bigint * p.den > b.lettable_floor_area_m2::bigint * p.num"
    )


def test_cutoffs_take_the_date_and_the_period():
    assert rule_cutoff_sql() == "(p.d - make_interval(years => p.years))::date"
    assert rule_cutoff_sql(day="u.d", years="params.years") == (
        "(u.d - make_interval(years => params.years))::date"
    )
    assert stale_cutoff_sql(day="u.d", months="params.stale_months") == (
        "(u.d - make_interval(months => params.stale_months))::date"
    )
