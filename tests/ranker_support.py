"""What the ranker tests share: a learned ranker saved as the product saves it, and read back."""

from __future__ import annotations

import io

import numpy as np

from kithkin.network.linkpred import Ranker


def saved_arrays(ranker: Ranker) -> dict[str, np.ndarray]:
    """The arrays ``ranker.save`` writes (with a store revision beside them), read back without pickle."""
    buffer = io.BytesIO()
    ranker.save(buffer, revision=np.array(3))
    buffer.seek(0)
    with np.load(buffer, allow_pickle=False) as saved:
        return {k: saved[k] for k in saved.files}
