"""The local news site: server-rendered pages, their JSON twins and Atom feeds (``newsbrief serve``)."""

from newsbrief.web.app import create_app

__all__ = ["create_app"]
