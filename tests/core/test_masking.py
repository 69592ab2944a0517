import gc

import jax.numpy as jnp

from lamina.core import context, masking
from lamina.core.keras_tensor import KerasTensor


def test_symbolic_mask_slot():
    x = KerasTensor((None, 4))
    m = KerasTensor((None, 4), "bool")
    masking.set_mask(x, m, origin="embedding")
    assert masking.get_mask(x) is m
    assert masking.get_mask_origin(x) == "embedding"


def test_eager_side_table_dies_with_the_array():
    x = jnp.ones((2, 3))
    masking.set_mask(x, jnp.ones((2, 3), bool), origin="emb")
    assert masking.get_mask(x) is not None
    key = id(x)
    del x
    gc.collect()
    assert key not in context.MASK_TABLE


def test_unmasked_array_has_no_mask():
    assert masking.get_mask(jnp.zeros(2)) is None
