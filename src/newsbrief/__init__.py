"""newsbrief: faithful, sourced story briefs from a stream of news."""

from newsbrief.errors import NewsbriefError
from newsbrief.models import Article, Brief, Citation, Point, Sentence, Story

__version__ = "0.1.0"
__all__ = ["Article", "Brief", "Citation", "NewsbriefError", "Point", "Sentence", "Story", "__version__"]
