"""The smaller lamina.utils additions, against keras.utils where Keras runs them."""

import logging

import numpy as np
import pytest

import lamina
from lamina import utils


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


@pytest.mark.parametrize(
    "data",
    [1, (1,), (1, 2), (1, 2, 3), [1, 2], [[1, 2]], {"a": 1}, None],
    ids=repr,
)
def test_unpack_matches_keras(keras, data):
    assert utils.unpack_x_y_sample_weight(data) == keras.utils.unpack_x_y_sample_weight(data)


@pytest.mark.parametrize(
    "args", [(1,), ([1, 2],), ((1, 2),), (1, 2), (1, None, 3), (1, 2, 3)], ids=repr
)
def test_pack_matches_keras(keras, args):
    assert utils.pack_x_y_sample_weight(*args) == keras.utils.pack_x_y_sample_weight(*args)


def test_unpack_rejects_long_tuples():
    with pytest.raises(ValueError, match="4 items"):
        utils.unpack_x_y_sample_weight((1, 2, 3, 4))


def test_registry_names_and_scopes():
    class Scaler(lamina.layers.Layer):
        pass

    with utils.custom_object_scope({"Scaler": Scaler}):
        assert utils.get_registered_object("Scaler") is Scaler
    with utils.CustomObjectScope({"Scaler": Scaler}):
        assert utils.get_registered_object("Scaler") is Scaler
    assert utils.get_registered_object("Scaler") is None
    registered = lamina.saving.register_keras_serializable(package="Pkg")(Scaler)
    assert utils.get_registered_name(registered) == "Pkg>Scaler"
    assert utils.get_registered_object("Pkg>Scaler") is Scaler


def test_sequence_is_pydataset_and_fits():
    assert utils.Sequence is utils.PyDataset
    assert "Sequence" in dir(utils)

    class Batches(utils.Sequence):
        def __len__(self):
            return 2

        def __getitem__(self, index):
            return np.ones((4, 2), "float32"), np.zeros((4, 1), "float32")

    model = lamina.Sequential([lamina.Input(shape=(2,)), lamina.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    assert len(model.fit(Batches(), epochs=1, verbose=0).history["loss"]) == 1


def test_is_keras_tensor_and_standardize_dtype(keras):
    assert utils.is_keras_tensor(lamina.Input(shape=(2,)))
    assert not utils.is_keras_tensor(np.ones(2))
    for dtype in ("float32", np.float64, "int", float, "bool", np.dtype("int8")):
        assert utils.standardize_dtype(dtype) == keras.utils.standardize_dtype(dtype)


def test_get_source_inputs_matches_keras(keras):
    def build(lib):
        a = lib.Input(shape=(2,), name="a")
        b = lib.Input(shape=(2,), name="b")
        c = lib.Input(shape=(2,), name="c")
        shared = lib.layers.Dense(2, name="shared")
        left = lib.layers.Add()([shared(b), a])
        out = lib.layers.Concatenate()([left, shared(c), a])
        return out, a

    out, a = build(lamina)
    kout, ka = build(keras)
    names = [t.name for t in utils.get_source_inputs(out)]
    assert names == [t.name for t in keras.utils.get_source_inputs(kout)] == ["b", "a", "c"]
    assert utils.get_source_inputs(a) == [a]
    plain = np.ones(2)
    assert utils.get_source_inputs(plain) is plain


def test_img_to_array_matches_keras(keras):
    image = np.arange(4 * 5 * 3).reshape(4, 5, 3)
    for data_format in ("channels_last", "channels_first"):
        for source in (image, image[..., 0]):
            np.testing.assert_array_equal(
                utils.img_to_array(source, data_format=data_format),
                keras.utils.img_to_array(source, data_format=data_format),
            )
    with pytest.raises(ValueError, match="2-D .* or 3-D"):
        utils.img_to_array(np.zeros((1, 2, 3, 4)))
    with pytest.raises(ValueError, match="data_format"):
        utils.img_to_array(image, data_format="nhwc")


@pytest.mark.parametrize("channels", [1, 3, 4])
@pytest.mark.parametrize("scale", [True, False])
def test_array_to_img_matches_keras(keras, channels, scale):
    pytest.importorskip("PIL")
    array = np.random.default_rng(channels).uniform(0, 200, size=(6, 7, channels))
    ours = utils.array_to_img(array, scale=scale)
    theirs = keras.utils.array_to_img(array, scale=scale)
    assert (ours.mode, ours.size) == (theirs.mode, theirs.size)
    np.testing.assert_array_equal(np.asarray(ours), np.asarray(theirs))
    back = utils.array_to_img(array.transpose(2, 0, 1), data_format="channels_first", scale=scale)
    np.testing.assert_array_equal(np.asarray(back), np.asarray(ours))


def test_array_to_img_rejects_two_channels():
    pytest.importorskip("PIL")
    with pytest.raises(ValueError, match="1, 3 or 4 channels"):
        utils.array_to_img(np.zeros((2, 2, 2)))


def test_interactive_logging_switch_routes_progress_to_the_logger(capsys, caplog):
    assert utils.is_interactive_logging_enabled()
    model = lamina.Sequential([lamina.Input(shape=(2,)), lamina.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((8, 2), "float32"), np.ones((8, 1), "float32")
    utils.disable_interactive_logging()
    try:
        assert not lamina.config.is_interactive_logging_enabled()
        with caplog.at_level(logging.INFO, logger="lamina"):
            model.fit(x, y, epochs=2, verbose=1)
    finally:
        utils.enable_interactive_logging()
    assert capsys.readouterr().out == ""
    messages = [r.getMessage() for r in caplog.records if r.name == "lamina"]
    assert messages[0] == "Epoch 1/2"
    assert any(m.startswith("1/1") and "loss:" in m for m in messages)
    assert not any("\r" in m for m in messages)
    model.fit(x, y, epochs=1, verbose=2)
    assert "loss:" in capsys.readouterr().out
