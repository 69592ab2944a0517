import numpy as np
import pytest
from layer_harness import random_inputs

from lamina.layers import RandomCrop, Resizing


def _is_window(out, x):
    h, w = out.shape[1:3]
    return any(np.array_equal(out, x[:, i:i + h, j:j + w])
               for i in range(x.shape[1] - h + 1) for j in range(x.shape[2] - w + 1))


def test_random_crop_training_takes_a_random_window():
    x = random_inputs((2, 7, 8, 3), seed=1)
    layer = RandomCrop(4, 5, seed=3)
    outs = [np.asarray(layer(x, training=True)) for _ in range(6)]
    assert all(_is_window(o, x) for o in outs)
    assert len({o.tobytes() for o in outs}) > 1
    same_size = np.asarray(RandomCrop(7, 5, seed=0)(x, training=True))
    assert _is_window(same_size, x)


def test_random_crop_inference_and_small_images_resize_like_keras_docs():
    x = random_inputs((2, 3, 8, 3), seed=2)
    expected = np.asarray(Resizing(4, 5, crop_to_aspect_ratio=True)(x))
    for training in (False, True):  # 3 < 4: training also falls back to crop-and-resize
        np.testing.assert_allclose(np.asarray(RandomCrop(4, 5)(x, training=training)),
                                   expected, rtol=1e-6)
    assert RandomCrop(4, 5).get_config()["seed"] is not None


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_random_crop_keras_parity(data_format):
    keras = pytest.importorskip("keras")
    x = random_inputs((2, 5, 6, 3), seed=3)
    if data_format == "channels_first":
        x = np.transpose(x, (0, 3, 1, 2))
    # Larger than the image: the deterministic resize path. Keras 3.15's code then slices a
    # target-sized window from the aspect-ratio box's corner (so it stretches the image when
    # the aspect ratios differ); lamina crops the box itself, as Keras documents. The two
    # agree when the aspect ratios match:
    for size in ((10, 12), (15, 18)):
        ours = RandomCrop(*size, seed=1, data_format=data_format)(x, training=True)
        theirs = keras.layers.RandomCrop(*size, seed=1, data_format=data_format)(x,
                                                                                training=True)
        np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5, atol=1e-5)
    ours = RandomCrop(3, 4, seed=1, data_format=data_format)(x, training=True)
    theirs = keras.layers.RandomCrop(3, 4, seed=1, data_format=data_format)(x, training=True)
    assert ours.shape == theirs.shape
    if data_format == "channels_last":
        assert _is_window(np.asarray(ours), x) and _is_window(np.asarray(theirs), x)
