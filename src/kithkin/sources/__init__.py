"""Formats: one module each; parse text into model objects and write them back; no database."""
