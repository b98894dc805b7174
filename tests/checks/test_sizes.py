"""Small modules and short functions (STYLE.md): no application module over MAX_MODULE_LINES
lines and no function over MAX_FUNCTION_LINES, except those listed here with the reason.

The lists only shrink: a listed module or function that has come under the limit fails too, so
the exception is struck when the code is split.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = [
    "config",
    "dashboard",
    "demo",
    "kantorentop",
    "regions",
    "buildings",
    "events",
    "covenants",
    "funds",
    "vacancy_law",
    "bench",
]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

LONG_MODULES = {
    "config/settings.py": "one settings module read top to bottom, each block explained",
    "demo/stock.py": "the demo stock's calibration to the 2012 figures, one story",
    "demo/activity.py": "the demo's plans, funds and transactions, one story",
    "bench/cases.py": "the benchmark cases side by side, each a few lines",
}

LONG_FUNCTIONS = {
    "bench/__main__.py:main": "the benchmark runner's argument handling and report, in order",
    "bench/load/__main__.py:_run": "the load test's phases and report, in order",
    "bench/bag_import.py:main": "the BAG benchmark's runner and report, in order",
    "bench/dashboard.py:page_prepare": "one benchmark's setup, step by step",
    "buildings/selectors/statistics.py:_intervals_sql": "one SQL statement",
    "demo/activity.py:transformation_plans_create": "demo story",
    "demo/activity.py:funds_create": "demo story",
    "demo/generator.py:_load": "the demo's COPY steps in their order",
    "demo/stock.py:_calibrate": "demo calibration",
    "buildings/services/flags.py:structural_vacancy_flags_update": "mostly one SQL statement",
}


def _modules() -> list[Path]:
    return [
        path
        for folder in APP_DIRS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _long_functions() -> dict[str, int]:
    found = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found[f"{path.relative_to(ROOT)}:{node.name}"] = length
    return found


def test_no_module_over_the_limit_unless_listed():
    long = {str(p.relative_to(ROOT)): _lines(p) for p in _modules() if _lines(p) > MAX_MODULE_LINES}
    unlisted = {name: n for name, n in long.items() if name not in LONG_MODULES}
    assert not unlisted, f"split these modules (over {MAX_MODULE_LINES} lines): {unlisted}"
    struck = sorted(set(LONG_MODULES) - set(long))
    assert not struck, f"now under the limit, strike them from LONG_MODULES: {struck}"


def test_no_function_over_the_limit_unless_listed():
    long = _long_functions()
    unlisted = {name: n for name, n in long.items() if name not in LONG_FUNCTIONS}
    assert not unlisted, f"split these functions (over {MAX_FUNCTION_LINES} lines): {unlisted}"
    struck = sorted(set(LONG_FUNCTIONS) - set(long))
    assert not struck, f"now under the limit, strike them from LONG_FUNCTIONS: {struck}"
