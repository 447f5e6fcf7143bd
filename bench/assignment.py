"""Automatic reviewer assignment: 2,000 ideas, 300 reviewers, 3 reviewers each.

    python bench/assignment.py

Times the conflict check over every pair and the min-cost flow, and reports peak memory
(tracemalloc, which also slows the run a little: the time is measured in a run without it).
"""

import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services.assignment import IdeaNeed, ReviewerOffer, plan_assignments  # noqa: E402
from app.services.conflicts import IdeaFacts, ReviewerFacts, conflicted_pairs  # noqa: E402

IDEAS, REVIEWERS, K, CAP = 2_000, 300, 3, 25
THEMES = [f"theme-{n}" for n in range(16)]
LANGUAGES = ["en", "fr", "es", "ar", "pt", "ru", "zh", "sw", "hi", "bn"]
COUNTRIES = [f"C{n:02d}" for n in range(60)]
ORGS = [f"Org {n}" for n in range(400)]


def instance(rng: random.Random):
    ideas = [IdeaFacts(id=i, owner_id=10_000 + i, owner_email=f"owner{i}@x.org", coauthor_emails=frozenset(),
                       organisation=rng.choice(ORGS), owner_organisation=rng.choice(ORGS), origin_country=rng.choice(COUNTRIES))
             for i in range(IDEAS)]
    reviewers = [ReviewerFacts(id=r, email=f"reviewer{r}@x.org", organisation=rng.choice(ORGS), country=rng.choice(COUNTRIES))
                 for r in range(REVIEWERS)]
    needs = [IdeaNeed(i.id, frozenset(rng.sample(THEMES, rng.randint(1, 3))), frozenset(rng.sample(LANGUAGES, 1)), K) for i in ideas]
    offers = [ReviewerOffer(r.id, frozenset(rng.sample(THEMES, 3)), frozenset(rng.sample(LANGUAGES, 2)), CAP) for r in reviewers]
    return ideas, reviewers, needs, offers


def run(ideas, reviewers, needs, offers):
    started = time.perf_counter()
    excluded = conflicted_pairs(reviewers, ideas, same_country_rule=True)
    conflicts_done = time.perf_counter()
    plan = plan_assignments(needs, offers, excluded=excluded)
    return plan, excluded, conflicts_done - started, time.perf_counter() - conflicts_done


def main() -> None:
    data = instance(random.Random(11))
    plan, excluded, conflict_time, flow_time = run(*data)
    tracemalloc.start()
    run(*data)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(f"{IDEAS:,} ideas x {REVIEWERS} reviewers, {K} each, load cap {CAP}")
    print(f"conflicted pairs: {len(excluded):,} found in {conflict_time:.2f} s")
    print(f"min-cost flow: {flow_time:.2f} s; total {conflict_time + flow_time:.2f} s")
    print(f"assigned {len(plan.pairings):,} of {IDEAS * K:,} slots; ideas not fully covered: {len(plan.uncovered)}; total fit {plan.total_fit:,}")
    print(f"peak memory (tracemalloc): {peak:.0f} MB")


if __name__ == "__main__":
    main()
