"""bench.scale's comparison of a 1x and a 10x run: ratio growth against the 1.5 goal, time growth
against the data growth."""

from bench import scale


def _run(records: int, outcomes: list[tuple[str, list[float], list[float]]]) -> dict:
    return {
        "dataset": f"{records} records",
        "buildings": records // 60,
        "records": records,
        "server": "PostgreSQL",
        "machine": "2 cores",
        "seconds": 1.0,
        "outcomes": [
            {"name": name, "goal": 2, "candidate_seconds": c, "baseline_seconds": b, "notes": []}
            for name, c, b in outcomes
        ],
    }


def test_ratio_growth_and_linear_growth_are_judged_per_benchmark():
    one = _run(1_000, [("a", [1.0, 1.0, 1.2], [1.0] * 3), ("b", [0.1] * 3, [0.1] * 3)])
    ten = _run(
        10_000,
        [("a", [8.0, 9.0, 9.5], [8.0] * 3), ("b", [3.0] * 3, [1.5] * 3), ("c", [1.0], [1.0])],
    )
    a, b = scale.comparison_rows(one, ten)
    assert (a["name"], a["ratio_met"], a["linear"]) == ("a", True, True)
    assert round(a["growth"], 1) == 9.0
    # b: its ratio doubled (1.0 -> 2.0, above 1.5 times) and its time grew 30 times.
    assert (b["ratio_met"], b["linear"]) == (False, False)
    text = scale.section(one, ten, rounds=3, commit="abc1234")
    assert "| a | 1.00 | 1.12 | 1.12 | yes |" in text
    assert "faster than linearly: b (30.0 times; its baseline 15.0)" in text
    assert "not for b." in text


def test_the_data_grows_as_the_larger_of_records_and_buildings():
    one = _run(1_000, [("table", [1.0], [1.0])])
    ten = {**_run(9_000, [("table", [9.4], [9.4])]), "buildings": one["buildings"] * 95 // 10}
    # 9.4 times the time: above the records' 9.0, within the buildings' 9.5.
    assert scale.data_growth(one, ten) == 9.5
    (row,) = scale.comparison_rows(one, ten)
    assert row["linear"]
    ten["buildings"] = one["buildings"] * 9
    (row,) = scale.comparison_rows(one, ten)
    assert not row["linear"]
