"""The second stage that decides hate from *what is said* and *how it is framed*.

The n-gram heads say how hostile, abusive, threatening or profane the words are; the context features
say who is named and whether the words are negated, quoted, reported, rejected or reclaimed. Hate is
an AND of those (hostile words, about a protected group, not negated or denounced), which no single
linear model can express, so a small neural network combines them. It is tiny (tens of inputs, one
hidden layer) and stored as plain arrays, so it costs microseconds and cannot run code when loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

LOGIT_CLIP = 12.0


@dataclass(frozen=True)
class ContextModel:
    hidden_weights: np.ndarray
    hidden_bias: np.ndarray
    output_weights: np.ndarray
    output_bias: float

    def logits(self, content_logits: np.ndarray, context: np.ndarray) -> np.ndarray:
        """One logit per row from (rows x content heads) logits and (rows x context features) flags."""
        hidden = np.maximum(inputs(content_logits, context) @ self.hidden_weights + self.hidden_bias, 0.0)
        return hidden @ self.output_weights + self.output_bias

    def to_dict(self) -> dict[str, Any]:
        return {
            "hidden_weights": self.hidden_weights.tolist(),
            "hidden_bias": self.hidden_bias.tolist(),
            "output_weights": self.output_weights.tolist(),
            "output_bias": self.output_bias,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ContextModel:
        return cls(
            hidden_weights=np.asarray(raw["hidden_weights"], dtype=np.float64),
            hidden_bias=np.asarray(raw["hidden_bias"], dtype=np.float64),
            output_weights=np.asarray(raw["output_weights"], dtype=np.float64),
            output_bias=float(raw["output_bias"]),
        )


def inputs(content_logits: np.ndarray, context: np.ndarray) -> np.ndarray:
    """The network's input: clipped content logits scaled to about [-1, 1], then the context flags."""
    return np.hstack([np.clip(content_logits, -LOGIT_CLIP, LOGIT_CLIP) / LOGIT_CLIP, context])
