"""One module per feature, each serving its pages and its part of ``/api/v1``."""
