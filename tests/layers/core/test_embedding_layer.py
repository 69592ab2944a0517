import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    mask_of,
)

from lamina.layers import Embedding, Input

IDS = np.array([[3, 1, 0, 0], [2, 4, 4, 0]], dtype="int32")


def test_embedding_shapes_jit_config():
    eager, symbolic = assert_symbolic_matches_eager(lambda: Embedding(5, 3), IDS)
    assert eager.shape == (2, 4, 3) and symbolic.dtype == "float32"
    layer = Embedding(5, 3, embeddings_regularizer="l2", mask_zero=True)
    assert_jit_matches_eager(layer, IDS)
    rebuilt = assert_config_round_trip(layer)
    assert rebuilt.mask_zero and rebuilt.embeddings_regularizer is not None
    assert [w.name for w in layer.weights] == ["embeddings"]


def test_embedding_accepts_float_ids():
    out = Embedding(5, 2)(IDS.astype("float32"))
    assert out.shape == (2, 4, 2)


def test_embedding_mask_zero_creates_mask():
    layer = Embedding(5, 3, mask_zero=True)
    out = layer(IDS)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), IDS != 0)
    symbolic = Embedding(5, 3, mask_zero=True)(Input(shape=(4,), dtype="int32"))
    assert mask_of(symbolic).shape == (None, 4) and mask_of(symbolic).dtype == "bool"
    assert mask_of(Embedding(5, 3)(IDS)) is None


def test_embedding_incoming_mask_passes_or_combines():
    incoming = np.array([[True, False, True, True], [True, True, True, True]])
    out = Embedding(5, 3)(IDS, mask=incoming)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), incoming)
    out = Embedding(5, 3, mask_zero=True)(IDS, mask=incoming)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), incoming & (IDS != 0))


def test_embedding_rejects_out_of_range_ids_and_bad_args():
    with pytest.raises(ValueError, match=r"'tok'.*\[0, 3\).*from 0 to 4"):
        Embedding(3, 2, name="tok")(IDS)
    with pytest.raises(ValueError, match="input_dim must be a positive integer"):
        Embedding(0, 2)
    with pytest.raises(NotImplementedError, match="LoRA"):
        Embedding(3, 2, lora_rank=4)


def test_embedding_initial_weights():
    table = np.arange(10, dtype="float32").reshape(5, 2)
    layer = Embedding(5, 2, weights=table)
    np.testing.assert_array_equal(np.asarray(layer(np.array([[4]]))), [[[8.0, 9.0]]])
    with pytest.raises(ValueError, match="shape"):
        Embedding(5, 3, weights=[table])


def test_embedding_keras_parity_with_mask():
    keras = pytest.importorskip("keras")
    layer = Embedding(5, 3, mask_zero=True)
    keras_layer = keras.layers.Embedding(5, 3, mask_zero=True)
    layer(IDS)
    keras_layer(IDS)
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, IDS, grads=False)
    np.testing.assert_array_equal(np.asarray(layer.compute_mask(IDS)),
                                  np.asarray(keras_layer.compute_mask(IDS)))
