"""Live mode: feeds polled on a schedule (``update --every``, ``serve --update-every``).

:mod:`~newsbrief.live.schedule` decides when each feed is due (pure, an injectable clock);
:mod:`~newsbrief.live.state` keeps the schedule and the one-poller lease in the store
(migration 003); :mod:`~newsbrief.live.runner` polls, re-clusters and re-briefs.
"""
