"""Writing briefs: sentence pool, scorers (registry), allowed edits, headline, writer."""

from newsbrief.briefing.scorers import SCORERS, Scorer, get_scorer
from newsbrief.briefing.writer import BriefWriter

__all__ = ["SCORERS", "BriefWriter", "Scorer", "get_scorer"]
