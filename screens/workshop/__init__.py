"""The guided workshop: a facilitator runs a team's OKR session on a shared screen."""

from screens.workshop.screen import WorkshopScreen

__all__ = ["WorkshopScreen"]
