"""Reshaping layers: Flatten, Reshape."""

from lamina.layers.reshaping.flatten import Flatten as Flatten
from lamina.layers.reshaping.reshape import Reshape as Reshape
