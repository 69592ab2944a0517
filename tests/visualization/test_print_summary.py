"""print_summary: columns, connections, masks, nesting, widths, totals (issue 5 item 6)."""

import re

import numpy as np
import pytest

import lamina
from lamina import Input, Model, Sequential, layers
from lamina.visualization import summary
from lamina.visualization.summary import print_summary


def _lines(model, **kwargs):
    lines = []
    print_summary(model, print_fn=lines.append, **kwargs)
    return lines


def _row(lines, name):
    """Cells of the table row whose first cell starts with ``name``."""
    for line in lines:
        cells = [c.strip() for c in line.strip("│").split("│")]
        if len(cells) > 1 and cells[0].lstrip("└ ").startswith(name + " "):
            return cells
    raise AssertionError(f"no row for {name!r} in:\n" + "\n".join(lines))


def _total(lines, label):
    line = next(line for line in lines if line.strip().startswith(label + ":"))
    return int(re.search(r": ([\d,]+) ", line).group(1).replace(",", ""))


def _header(lines):
    return [c.strip() for c in lines[2].strip("┃").split("┃")]


def _mlp():
    return Sequential(
        [Input(shape=(4,)), layers.Dense(3, name="d1"), layers.Dense(2, name="d2")], name="mlp"
    )


def test_sequential_columns_rows_and_totals():
    model = _mlp()
    lines = _lines(model)
    assert lines[0] == 'Model: "mlp"'
    assert _header(lines) == ["Layer (type)", "Output Shape", "Param #", "Mask"]
    assert _row(lines, "d1") == ["d1 (Dense)", "(None, 3)", "15", ""]
    assert _row(lines, "d2") == ["d2 (Dense)", "(None, 2)", "8", ""]
    assert not any("InputLayer" in line for line in lines)  # Sequential hides its Input
    assert lines[-3:] == [
        " Total params: 23 (92.00 B)",
        " Trainable params: 23 (92.00 B)",
        " Non-trainable params: 0 (0.00 B)",
    ]
    assert _total(lines, "Total params") == model.count_params()


def test_print_fn_receives_plain_lines():
    lines = _lines(_mlp())
    assert all(isinstance(line, str) and "\n" not in line for line in lines)
    assert not any("\x1b" in line for line in lines)


def test_default_prints_plain_text_when_not_a_terminal(capsys):
    print_summary(_mlp())
    out = capsys.readouterr().out
    assert "\x1b" not in out and 'Model: "mlp"' in out and "d1 (Dense)" in out


def test_terminal_uses_rich_console(monkeypatch, capsys):
    monkeypatch.setattr(summary, "_stdout_is_terminal", lambda: True)
    print_summary(_mlp(), line_length=80)
    out = capsys.readouterr().out
    assert "d1 (Dense)" in out and "Total params" in out


def test_functional_shared_layer_shows_connections():
    a, b = Input(shape=(3,), name="a"), Input(shape=(3,), name="b")
    shared = layers.Dense(4, name="shared")
    merged = layers.Concatenate(name="cat")([shared(a), shared(b)])
    model = Model([a, b], layers.Dense(1, name="out")(merged), name="two_towers")
    lines = _lines(model, line_length=140)
    assert _header(lines) == ["Layer (type)", "Output Shape", "Param #", "Connected to", "Mask"]
    assert _row(lines, "a")[1:4] == ["(None, 3)", "0", "-"]
    assert _row(lines, "shared")[1:4] == ["(None, 4)", "16", "a[0][0], b[0][0]"]
    assert _row(lines, "cat")[3] == "shared[0][0], shared[1][0]"
    assert _row(lines, "out")[3] == "cat[0][0]"
    assert _total(lines, "Total params") == model.count_params() == 16 + 9


def test_chain_functional_model_has_no_connections_column():
    x = Input(shape=(3,), name="x")
    model = Model(x, layers.Dense(2, name="d")(layers.Dense(4, name="h")(x)))
    assert "Connected to" not in _header(_lines(model))


def test_plain_ops_are_rows():
    x = Input(shape=(3,), name="x")
    model = Model(x, lamina.ops.add(layers.Dense(3, name="d")(x), 1.0))
    names = [line.split("│")[1].strip() for line in _lines(model) if line.startswith("│")]
    assert names[-1].startswith("add (")


def test_mask_column_marks_masked_outputs():
    tokens = Input(shape=(5,), dtype="int32", name="tokens")
    embedded = layers.Embedding(10, 4, mask_zero=True, name="embed")(tokens)
    model = Model(tokens, layers.Dense(2, name="proj")(embedded))
    lines = _lines(model)
    assert _row(lines, "tokens")[-1] == ""
    assert _row(lines, "embed")[-1] == "yes"
    assert _row(lines, "proj")[-1] == "yes"
    assert _row(lines, "embed")[1] == "(None, 5, 4)"


def test_expand_nested_indents_inner_layers():
    inner = _mlp()
    x = Input(shape=(4,), name="x")
    model = Model(x, layers.Dense(1, name="head")(inner(x)), name="outer")
    collapsed = _lines(model)
    assert _row(collapsed, "mlp")[1:3] == ["(None, 2)", "23"]
    assert not any("└" in line.split("│")[1] for line in collapsed if line.startswith("│"))
    expanded = _lines(model, expand_nested=True)
    rows = [line.split("│")[1].strip() for line in expanded if line.startswith("│")]
    nested = [name for name in rows if name.startswith("└")]
    assert nested == ["└ d1 (Dense)", "└ d2 (Dense)"]
    assert _row(expanded, "d1")[1:3] == ["(None, 3)", "15"]
    assert _total(expanded, "Total params") == model.count_params() == 23 + 3


def test_show_trainable_with_a_frozen_layer():
    model = _mlp()
    model.get_layer("d1").trainable = False
    lines = _lines(model, show_trainable=True)
    assert _header(lines)[-1] == "Trainable"
    assert _row(lines, "d1")[-1] == "N" and _row(lines, "d2")[-1] == "Y"
    assert _total(lines, "Trainable params") == 8
    assert _total(lines, "Non-trainable params") == 15
    assert _total(lines, "Total params") == model.count_params()


def test_line_length_sets_the_table_width():
    lines = _lines(_mlp(), line_length=70)
    table = [line for line in lines if line[:1] in "┏┃┡│├└"]
    assert table and all(len(line) == 70 for line in table)
    wide = _lines(_mlp(), line_length=120, show_trainable=True)
    assert all(len(line) == 120 for line in wide if line[:1] in "┏┃┡│├└")


def test_long_cells_wrap_instead_of_being_cut():
    model = Sequential(
        [Input(shape=(4,)), layers.Dense(3, name="a_rather_long_layer_name_for_a_narrow_table")]
    )
    lines = _lines(model, line_length=40)
    text = "".join(line.split("│")[1].strip() for line in lines if line.startswith("│"))
    assert "a_rather_long_layer_name_for_a_narrow_table(Dense)" in text.replace(" ", "")
    assert not any("…" in line for line in lines)


def test_narrow_line_length_is_an_error():
    with pytest.raises(ValueError, match="too narrow"):
        print_summary(_mlp(), line_length=20, print_fn=lambda line: None)


def test_positions_of_the_keras_columns():
    lines = _lines(_mlp(), line_length=80, positions=[0.5, 0.8, 1.0])
    assert all(len(line) == 80 for line in lines if line[:1] in "┏┃┡│├└")
    with pytest.raises(ValueError, match="positions needs 3 entries"):
        print_summary(_mlp(), positions=[0.5, 1.0], print_fn=lambda line: None)


def test_layer_range():
    x = Input(shape=(3,), name="x")
    h = layers.Dense(4, name="h1")(x)
    h = layers.Dense(4, name="h2")(h)
    model = Model(x, layers.Dense(1, name="h3")(h))
    names = [c[0] for c in (_row(_lines(model, layer_range=["h1", "h2"]), n) for n in ("h1", "h2"))]
    assert names == ["h1 (Dense)", "h2 (Dense)"]
    lines = _lines(model, layer_range=["h1", "h2"])
    assert not any("h3 (Dense)" in line or "(InputLayer)" in line for line in lines)
    with pytest.raises(ValueError, match="matches no layer"):
        print_summary(model, layer_range=["nope", "h2"], print_fn=lambda line: None)


class _TwoDense(Model):
    def __init__(self):
        super().__init__(name="two_dense")
        self.first = layers.Dense(3, name="first")
        self.second = layers.Dense(1, name="second")

    def call(self, x):
        return self.second(self.first(x))


def test_unbuilt_subclassed_model():
    lines = _lines(_TwoDense())
    assert _row(lines, "first")[1:3] == ["?", "0 (unbuilt)"]
    assert _total(lines, "Total params") == 0
    assert any("not built yet" in line for line in lines)


def test_subclassed_model_after_an_eager_call():
    model = _TwoDense()
    model(np.ones((2, 4), "float32"))
    lines = _lines(model)
    assert _row(lines, "first")[1:3] == ["(2, 3)", "15"]
    assert not any("not built yet" in line for line in lines)
    assert _total(lines, "Total params") == model.count_params() == 19


def test_optimizer_params_once_built():
    model = _mlp()
    model.compile(optimizer="adam", loss="mse")
    assert not any("Optimizer params" in line for line in _lines(model))
    model.optimizer.build(model.trainable_variables)
    lines = _lines(model)
    optimizer_count = sum(int(v.size) for v in model.optimizer.variables)
    assert _total(lines, "Optimizer params") == optimizer_count
    assert _total(lines, "Total params") == 23 + optimizer_count


def test_not_a_model_is_a_type_error():
    with pytest.raises(TypeError, match="expected a lamina Model"):
        print_summary(layers.Dense(2))


def test_model_method_prints_same_rows():
    model = _mlp()
    lines = []
    model.summary(print_fn=lines.append)
    assert any("d1 (Dense)" in line for line in lines)


def test_matches_keras_counts_and_shapes():
    keras = pytest.importorskip("keras")
    ours = _mlp()
    theirs = keras.Sequential(
        [
            keras.Input(shape=(4,)),
            keras.layers.Dense(3, name="d1"),
            keras.layers.Dense(2, name="d2"),
        ]
    )
    captured = []
    theirs.summary(print_fn=lambda text, **kwargs: captured.append(text))
    keras_text = "\n".join(captured)
    lines = _lines(ours)
    for label in ("Total params", "Trainable params", "Non-trainable params"):
        ours_line = next(line for line in lines if line.strip().startswith(label))
        assert ours_line.strip() in keras_text
    assert "(None, 3)" in keras_text and _row(lines, "d1")[1] == "(None, 3)"
