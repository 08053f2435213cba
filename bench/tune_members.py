"""Member evidence (``ClusterConfig.member_*``): its knobs chosen by the worst-set rule of
``bench/tune_cluster.py`` on the same three sets, with leave-one-set-out.

Grid: exemplars kept per story and the gate (a join needs the least similar member at least
``gate`` times as similar as needed, at once or growing with the story's age). The off row
(``member_exemplars`` 0) is in the grid, so "no member evidence" can win.

The first grid (below) also tried which member cosine (best, mean, least similar, the first
article's) and a mix of the member and centroid cosines as the score; they lost, and those
knobs (``member_stat``, ``member_mix``, with ``member_gate_base`` and ``member_terms``) were
removed from ``ClusterConfig`` (2026-12-02), so this grid now covers the knobs that remain.

Result (2026-12-02, 240 settings, on top of the protagonist check; off: clusters-dev 0.9515,
ecbplus-dev 0.9203, Wikinews 0.9277): the rule picks 2 exemplars, the least similar member, gate
0.3 growing with the story's age: clusters-dev 0.9585, ecbplus-dev 0.9203 (undated: no gate),
Wikinews 0.9257. A plateau: 2-4 exemplars and gates 0.3-0.4 score the same; 0.5 splits
clusters-dev events (0.931); 6-8 exemplars lose clusters-dev at 0.3 (0.949). Left out:
clusters-dev gets 8 exemplars, best member, mix 0.3 (0.9515, as off); ecbplus-dev the same gate
without the age rise (0.9188); Wikinews the same choice (0.9257). Mixes split clusters-dev events
at 2-6 exemplars. Before the protagonist check the same choice gave clusters-dev 0.952 -> 0.959,
Wikinews 0.906 -> 0.913, ecbplus-dev 0.909 unchanged (then the worst set, so the rule picked
a mix that gained two ECB+ articles and fell to 0.938 on clusters-dev left out).

Run: ``python -m bench.tune_members [--json OUT]`` (a few minutes; use ``nice``).
"""

from __future__ import annotations

import itertools
from pathlib import Path

from bench.tune_cluster import LABELS, decide, f1, main
from newsbrief.cluster import ClusterConfig
from newsbrief.cluster_sets import dev_sets

EXEMPLARS = [2, 3, 4, 6, 8]
GATES = [0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6]


def grid() -> list[dict]:
    rows: list[dict] = [{"member_exemplars": 0}]
    rows += [{"member_exemplars": k, "member_gate": g, "member_gate_age": age}
             for k, g, age in itertools.product(EXEMPLARS, GATES, (False, True))]
    return rows


def run(data: Path) -> dict:
    sets = dev_sets(data, LABELS)
    rows = [{"config": kw, "f1": {s.name: f1(s, ClusterConfig().replace(**kw)) for s in sets}} for kw in grid()]
    return decide(rows, [s.name for s in sets])


if __name__ == "__main__":
    main(run, show_off=True)
