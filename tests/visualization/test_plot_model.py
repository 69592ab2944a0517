"""plot_model: Graphviz when installed, lamina's own SVG otherwise (issue 5 item 7)."""

import shutil
import xml.etree.ElementTree as ET

import pytest

from lamina import Input, Model, Sequential, layers
from lamina.visualization import plot_model

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def no_graphviz(monkeypatch, tmp_path):
    """A PATH on which Graphviz's ``dot`` cannot be found."""
    empty = tmp_path / "empty_bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def _model():
    a, b = Input(shape=(3,), name="a"), Input(shape=(3,), name="b")
    shared = layers.Dense(4, name="shared")
    merged = layers.Concatenate(name="cat")([shared(a), shared(b)])
    return Model([a, b], layers.Dense(1, name="out")(merged), name="two_towers")


def test_svg_without_graphviz_is_valid_xml_with_one_box_per_layer(no_graphviz, tmp_path):
    model = _model()
    path = tmp_path / "model.svg"
    result = plot_model(model, to_file=path, show_shapes=True, show_layer_names=True)
    assert result == str(path)
    root = ET.parse(path).getroot()
    assert root.tag == SVG + "svg"
    boxes = [g for g in root.iter(SVG + "g") if g.get("class") == "node"]
    assert len(boxes) == len(model.layers) == 5
    titles = [box.find(SVG + "title").text for box in boxes]
    assert sorted(titles) == ["a", "b", "cat", "out", "shared"]
    assert len([g for g in root.iter(SVG + "g") if g.get("class") == "edge"]) == 4
    text = path.read_text()
    assert "(None, 8)" in text


def test_svg_without_graphviz_nested_and_rankdir(no_graphviz, tmp_path):
    inner = Sequential([Input(shape=(3,)), layers.Dense(2, name="i1")], name="inner")
    x = Input(shape=(3,), name="x")
    model = Model(x, layers.Dense(1, name="head")(inner(x)))
    for rankdir in ("TB", "LR", "BT", "RL"):
        path = tmp_path / f"nested_{rankdir}.svg"
        plot_model(model, to_file=str(path), expand_nested=True, rankdir=rankdir)
        root = ET.parse(path).getroot()
        clusters = [g for g in root.iter(SVG + "g") if g.get("class") == "cluster"]
        boxes = [g for g in root.iter(SVG + "g") if g.get("class") == "node"]
        assert len(clusters) == 1 and len(boxes) == 3


def test_png_without_graphviz_explains_what_to_do(no_graphviz, tmp_path):
    with pytest.raises(ImportError, match="Graphviz") as info:
        plot_model(_model(), to_file=str(tmp_path / "model.png"))
    assert "to_file='model.svg'" in str(info.value)
    assert not (tmp_path / "model.png").exists()


def test_default_file_name_is_png(no_graphviz, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ImportError, match="'model.png'"):
        plot_model(_model())


def test_dot_file_needs_nothing(no_graphviz, tmp_path):
    path = plot_model(_model(), to_file=str(tmp_path / "model.dot"), show_shapes=True)
    assert open(path).read().startswith('digraph "two_towers" {')


def test_unbuilt_model_is_an_error(tmp_path):
    model = Sequential([layers.Dense(2)])
    with pytest.raises(ValueError, match="not built yet"):
        plot_model(model, to_file=str(tmp_path / "model.svg"))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize(
    "extension, magic", [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("svg", b"<?xml")]
)
def test_graphviz_formats(tmp_path, extension, magic):
    path = tmp_path / f"model.{extension}"
    plot_model(_model(), to_file=str(path), show_shapes=True, dpi=72)
    assert path.read_bytes().startswith(magic)
