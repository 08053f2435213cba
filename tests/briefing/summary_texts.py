"""Made-up story texts for the summary tests (written for these tests; no real coverage copied)."""

from __future__ import annotations

from newsbrief.models import Article

# Four outlets on one invented flood. The dam fact and the evacuation fact run in three of them; each
# outlet also has a detail no other carries.
FLOOD = [
    "The river Avel burst its banks in the town of Marrow on Tuesday after three days of rain. "
    "Engineers said the old Kessel dam upstream held through the night. "
    "About 4,000 residents were evacuated to schools on higher ground. "
    "The local bakery handed out free bread to volunteers at the sandbag line. "
    "A school choir sang for the families sheltering in the gym.",
    "Floodwater filled the centre of Marrow on Tuesday as the river Avel rose two metres. "
    "About 4,000 residents were evacuated to schools on higher ground, officials said. "
    "The old Kessel dam upstream held through the night, engineers said. "
    "A local football match was postponed until next month.",
    "Marrow's mayor, Ines Dorra, declared an emergency on Tuesday. "
    "Engineers reported that the old Kessel dam upstream held through the night. "
    "Officials said about 4,000 residents were evacuated to schools on higher ground. "
    "The mayor thanked a retired teacher who ferried neighbours in his rowing boat.",
    "Rail services between Marrow and the coast were suspended on Tuesday. "
    "Forecasters expect the rain to ease by Thursday. "
    "A bookshop owner moved her stock to the upper floor overnight.",
]

# What a reader already knew (the first day), and what the next day's articles add.
DAY_ONE = [
    "The river Avel burst its banks in the town of Marrow on Tuesday. "
    "About 4,000 residents were evacuated to schools on higher ground.",
    "Floodwater filled the centre of Marrow as the river Avel rose. "
    "About 4,000 residents were evacuated to schools on higher ground, officials said.",
]
DAY_TWO = [
    "About 4,000 residents were evacuated to schools on higher ground, officials said again on Wednesday. "
    "The government pledged 20 million euros in flood relief for Marrow on Wednesday. "
    "Insurers opened a claims centre in the town hall.",
    "The government pledged 20 million euros in flood relief for Marrow, the finance minister said. "
    "About 4,000 residents were evacuated to schools on higher ground. "
    "Insurers opened a claims centre in the town hall on Wednesday.",
]


def articles(texts: list[str], prefix: str = "a") -> list[Article]:
    return [Article(id=f"{prefix}{i}", text=t, outlet=f"Outlet {prefix}{i}") for i, t in enumerate(texts)]
