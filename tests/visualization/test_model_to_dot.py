"""model_to_dot: DOT text with no dependency (issue 5 item 7)."""

import re
import shutil
import subprocess

import numpy as np
import pytest

import lamina
from lamina import Input, Model, Sequential, layers
from lamina.visualization import model_to_dot


def _node_count(text):
    return len(re.findall(r"\[label=<", text))


def _edges(text):
    return re.findall(r'^\s*"([^"]+)" -> "([^"]+)";$', text, flags=re.M)


def _two_towers():
    a, b = Input(shape=(3,), name="a"), Input(shape=(3,), name="b")
    shared = layers.Dense(4, name="shared", activation="relu")
    merged = layers.Concatenate(name="cat")([shared(a), shared(b)])
    return Model([a, b], layers.Dense(1, name="out")(merged), name="two_towers")


def test_functional_nodes_edges_and_header():
    text = model_to_dot(_two_towers())
    assert text.startswith('digraph "two_towers" {\n') and text.endswith("}\n")
    assert 'rankdir="TB"' in text and "dpi=200" in text
    assert _node_count(text) == 5  # a, b, shared, cat, out
    assert len(_edges(text)) == 4  # a->shared, b->shared, shared->cat (once), cat->out
    assert "<b>shared</b> (Dense)" in text


def test_sequential_chain_without_input_box():
    model = Sequential([Input(shape=(4,)), layers.Dense(3, name="d1"), layers.Dense(2, name="d2")])
    text = model_to_dot(model)
    assert _node_count(text) == 2 and _edges(text) == [("node_0", "node_1")]
    assert "InputLayer" not in text


def test_labels_with_shapes_dtype_activation_and_trainable():
    model = _two_towers()
    model.get_layer("out").trainable = False
    text = model_to_dot(
        model,
        show_shapes=True,
        show_dtype=True,
        show_layer_activations=True,
        show_trainable=True,
    )
    assert "Input shape: <b>[(None, 4), (None, 4)]</b>" in text  # cat
    assert "Output shape: <b>(None, 8)</b>" in text
    assert "Output dtype: <b>float32</b>" in text
    assert "Activation: <b>relu</b>" in text
    assert "<b>Trainable</b>" in text and "<b>Non-trainable</b>" in text


def test_show_layer_names_false_shows_class_only():
    text = model_to_dot(_two_towers(), show_layer_names=False)
    assert "<b>Dense</b>" in text and "shared" not in text


def test_labels_are_escaped():
    x = Input(shape=(2,), name='in<&"x">')
    model = Model(x, layers.Dense(1, name="d")(x), name='odd "name"')
    text = model_to_dot(model)
    assert "in&lt;&amp;&quot;x&quot;&gt;" in text
    assert 'digraph "odd \\"name\\"" {' in text
    assert 'in<&"x">' not in text


def test_expand_nested_draws_a_cluster():
    inner = Sequential(
        [Input(shape=(4,)), layers.Dense(3, name="i1"), layers.Dense(2, name="i2")], name="inner"
    )
    x = Input(shape=(4,), name="x")
    model = Model(x, layers.Dense(1, name="head")(inner(x)))
    collapsed = model_to_dot(model)
    assert _node_count(collapsed) == 3 and "subgraph" not in collapsed
    expanded = model_to_dot(model, expand_nested=True)
    assert _node_count(expanded) == 4  # x, i1, i2, head
    assert 'subgraph "cluster_0"' in expanded and "label=<inner>" in expanded
    names = dict(re.findall(r'"(node_\d+)" \[label=<.*?<b>(\w+)</b>', expanded))
    edges = {(names[a], names[b]) for a, b in _edges(expanded)}
    assert edges == {("x", "i1"), ("i1", "i2"), ("i2", "head")}


def test_subgraph_returns_a_cluster_block():
    text = model_to_dot(_two_towers(), subgraph=True)
    assert text.startswith('subgraph "cluster_two_towers" {')
    assert "digraph" not in text and "rankdir" not in text


def test_subclassed_model_is_one_box():
    class Net(Model):
        def __init__(self):
            super().__init__(name="net")
            self.dense = layers.Dense(2)

        def call(self, x):
            return self.dense(x)

    model = Net()
    with pytest.raises(ValueError, match="not built yet"):
        model_to_dot(model)
    model(np.ones((2, 3), "float32"))
    text = model_to_dot(model, show_shapes=True)
    assert _node_count(text) == 1 and "<b>net</b> (Net)" in text


def test_argument_errors():
    model = _two_towers()
    with pytest.raises(ValueError, match="rankdir"):
        model_to_dot(model, rankdir="XY")
    with pytest.raises(ValueError, match="dpi"):
        model_to_dot(model, dpi=0)
    with pytest.raises(ValueError, match="layer_range"):
        model_to_dot(model, layer_range=["a", "b"])
    with pytest.raises(TypeError, match="unexpected keyword"):
        model_to_dot(model, colour=True)


def test_utils_exports():
    assert lamina.utils.model_to_dot is model_to_dot
    assert callable(lamina.utils.plot_model)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_accepts_the_text():
    text = model_to_dot(_two_towers(), show_shapes=True, show_trainable=True, expand_nested=True)
    result = subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    assert b"<svg" in result.stdout
