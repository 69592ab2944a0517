"""Layers: attention family (MultiHeadAttention, Attention, AdditiveAttention)."""

from lamina.layers.attention.additive_attention import AdditiveAttention as AdditiveAttention
from lamina.layers.attention.attention import Attention as Attention
from lamina.layers.attention.grouped_query_attention import (
    GroupedQueryAttention as GroupQueryAttention,
)
from lamina.layers.attention.multi_head_attention import MultiHeadAttention as MultiHeadAttention

__all__ = [
    "AdditiveAttention",
    "Attention",
    "GroupQueryAttention",
    "MultiHeadAttention",
]
