"""Formats: parse text into model objects and write them back; no database.

One module per format (a format of several parts is a subpackage: ``icalendar/``, ``vcard/``). Every format
kithkin imports exposes ``SOURCE`` (:class:`~kithkin.sources.source.Source`: a name, a sniff, a parse) and is
listed once in :mod:`kithkin.sources.registry`; :mod:`kithkin.sources.detection` tells which one a file is.
"""
