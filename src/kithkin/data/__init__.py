"""Data files shipped with kithkin; see PROVENANCE.md."""
