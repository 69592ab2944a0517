"""Rung 2: the only code that knows about JAX tracing."""

from lamina.core.context import clear_session as clear_session
from lamina.core.convert import convert_to_tensor as convert_to_tensor
from lamina.core.convert import is_tensor as is_tensor
from lamina.core.convert import standardize_dtype as standardize_dtype
from lamina.core.keras_tensor import KerasTensor as KerasTensor
from lamina.core.keras_tensor import is_keras_tensor as is_keras_tensor
from lamina.core.random import SeedGenerator as SeedGenerator
from lamina.core.scopes import StatelessScope as StatelessScope
from lamina.core.variable import Variable as Variable
