"""`python -m bench`: run every benchmark, print one table, write bench/out/results.json.

Each figure is a ratio against a baseline measured in the same run (the machines are noisy).
Exit status 1 when a figure misses its goal.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.report import Figure, print_table, write_json


def _check_targets() -> list[Figure]:
    from bench import check_targets

    with tempfile.TemporaryDirectory(prefix="perfdesk-bench-") as tmp:
        return check_targets.measure(check_targets.make_documents(Path(tmp)))


def _scoring() -> list[Figure]:
    from bench import scoring

    return scoring.run()


def _startup() -> list[Figure]:
    from bench import startup

    return startup.measure()


def _tree_search() -> list[Figure]:
    from bench import tree_search

    return tree_search.measure()


def _printing() -> list[Figure]:
    from bench import printing

    return printing.run()


def _exchange() -> list[Figure]:
    from bench import exchange

    return exchange.run()


SUITES: dict[str, Callable[[], list[Figure]]] = {
    "startup": _startup,
    "tree": _tree_search,
    "check": _check_targets,
    "score": _scoring,
    "print": _printing,
    "exchange": _exchange,
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("suites", nargs="*", choices=[*SUITES, []], help="which suites (default: all)")
    parser.add_argument("--json", default="bench/out/results.json", help="where to write the figures")
    args = parser.parse_args()
    figures: list[Figure] = []
    for name in args.suites or SUITES:
        print(f"== {name}", flush=True)
        figures += SUITES[name]()
    print()
    print_table(figures)
    write_json(figures, Path(args.json))
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
