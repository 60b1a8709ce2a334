"""Issue 4's bar on our own vignettes: every emergency and every see-a-professional phrasing
routed to its tier, at most 5% of self-care phrasings escalated. Figures are printed (-s) and
reported for the tuning and the held-out part separately."""
import pytest

from safety_figures import PARTS, TIERS, describe, pure_tier_of, route_vignettes, vignettes

# A confirmation question counts as routed when its true answer lands on the vignette's tier.
tier_of = pure_tier_of


def test_there_are_enough_vignettes_of_each_kind():
    data = vignettes()
    counts = {tier: sum(len(data[tier][part]) for part in PARTS) for tier in TIERS}
    assert counts["emergency"] >= 40 and counts["professional"] >= 40 and counts["self_care"] >= 60
    assert sum(counts.values()) >= 150
    every = [t for tier in TIERS for part in PARTS for t in vignettes()[tier][part]]
    assert len(every) == len(set(every)), "a phrasing is listed twice"


@pytest.mark.parametrize("parts", [("tune",), ("heldout",)], ids=["tune", "heldout"])
def test_routing_meets_the_bar(parts):
    routing = route_vignettes(tier_of, parts)
    print("\n" + describe("triage " + "+".join(parts), routing))
    assert routing["emergency"].share == 1.0, routing["emergency"].misses
    assert routing["professional"].share == 1.0, routing["professional"].misses
    assert 1 - routing["self_care"].share <= 0.05, routing["self_care"].misses
