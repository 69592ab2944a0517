import jax.numpy as jnp

from lamina.core.keras_tensor import KerasTensor
from lamina.core.shape_inference import compute_output_spec


def test_unknown_batch_dims_stay_unknown():
    out = compute_output_spec(lambda x: jnp.reshape(x, (x.shape[0], -1)), KerasTensor((None, 2, 3)))
    assert out.shape == (None, 6)


def test_known_dims_and_dtype():
    out = compute_output_spec(lambda x: x.astype("int32")[:, :1], KerasTensor((4, 5)))
    assert out.shape == (4, 1) and out.dtype == "int32"


def test_structures_and_none():
    out = compute_output_spec(lambda x: (x, None, [x * 2]), KerasTensor((None, 3)))
    assert out[0].shape == (None, 3) and out[1] is None and out[2][0].shape == (None, 3)
