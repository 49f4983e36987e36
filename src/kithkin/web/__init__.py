"""The web edge: ``kithkin serve``. Pages and a JSON API over the same use cases as the CLI."""

from kithkin.web.app import create_app

__all__ = ["create_app"]
