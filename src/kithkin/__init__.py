"""kithkin: a local-first relationship-building assistant."""

__version__ = "0.1.0"
