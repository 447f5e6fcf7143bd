"""Country-pair matching at scale: 249 countries, 20,000 ideas, 2,000 country challenges.

    python bench/matching.py

Prints the time to build the index (once per change of the data), the median latency of
one country's matches, the time for all pairs, and peak memory. Pure functions over plain
data: no database, so the figures are the matcher's own.
"""

import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services.matching import Challenge, CountryInfo, Solution, Weights, build_index, rank_partners, strongest_pairs  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "app" / "data"
IDEAS, CHALLENGES, RUNS = 20_000, 2_000, 50
WORDS = ("water drought flood clinic mothers school teachers farmers seeds market prices solar energy grid "
         "waste plastic recycling youth jobs credit savings insurance migrants registry nutrition children "
         "vaccines fishing coast forest fire heat cooling housing transport roads mobile money radio").split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_data(rng: random.Random):
    countries = {c["code"]: CountryInfo(c["code"], c["name"], c["region"], c["subregion"], c["income_group"],
                                        frozenset(c["languages"]))
                 for c in json.loads((DATA / "countries.json").read_text())["countries"]}
    themes = [t["code"] for t in json.loads((DATA / "themes.json").read_text())["themes"]]
    codes = sorted(countries)
    challenges: dict[str, list[Challenge]] = {}
    while sum(map(len, challenges.values())) < CHALLENGES:
        code = rng.choice(codes)
        listed = {c.theme for c in challenges.get(code, [])}
        theme = rng.choice([t for t in themes if t not in listed] or themes)
        challenges.setdefault(code, []).append(Challenge(theme, rng.randint(1, 3), sentence(rng, 15)))
    stages = ["pilot", "evaluate", "replicate", "submit", "incubate"]
    solutions = [
        Solution(id=n, title=f"Solution {n}", origin=rng.choice(codes),
                 hosts=frozenset({rng.choice(codes)}) if rng.random() < 0.5 else frozenset(), stage=rng.choice(stages),
                 score=round(rng.uniform(2, 5), 2) if rng.random() < 0.4 else None, replications=rng.choice([0, 0, 0, 1, 2, 3]),
                 themes=frozenset(rng.sample(themes, rng.randint(1, 3))), problem=sentence(rng, 40))
        for n in range(IDEAS)
    ]
    return countries, challenges, solutions


def main() -> None:
    rng = random.Random(7)
    countries, challenges, solutions = make_data(rng)
    weights = Weights(0.45, 0.2, 0.15, 0.2)
    tracemalloc.start()
    started = time.perf_counter()
    index = build_index(countries, challenges, solutions)
    built = time.perf_counter() - started
    with_profile = sorted(challenges)
    timings = []
    for n in range(RUNS):
        started = time.perf_counter()
        rank_partners(index, with_profile[n % len(with_profile)], weights, limit=10)
        timings.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    pairs = strongest_pairs(index, weights, limit=20)
    all_pairs = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(f"{len(countries)} countries, {len(solutions):,} ideas, {sum(map(len, challenges.values())):,} challenges "
          f"({len(with_profile)} countries with a profile)")
    print(f"index build (once per data change): {built:.2f} s")
    print(f"one country's matches: median {statistics.median(timings):.1f} ms, p95 {statistics.quantiles(timings, n=20)[18]:.1f} ms")
    print(f"all pairs ({len(with_profile)} countries x {len(countries) - 1} partners): {all_pairs:.2f} s")
    print(f"peak memory (tracemalloc): {peak:.0f} MB")
    print(f"strongest pair: {pairs[0][0]} -> {pairs[0][1].partner} ({pairs[0][1].score})")


if __name__ == "__main__":
    main()
