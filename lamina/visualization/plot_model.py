"""``plot_model``: draw a model to an image file.

With Graphviz installed (the ``dot`` program on ``PATH``) the DOT text of
:func:`model_to_dot` is rendered by it, in the format named by the file's extension
(``.png``, ``.svg``, ``.pdf``, ``.jpg``...). Without Graphviz, ``.svg`` files are drawn by
lamina itself (``svg_renderer``), so plots work on a fresh machine; ``.dot``/``.gv``
files receive the DOT text; other formats raise an ``ImportError`` that says how to get
Graphviz or to write an SVG instead.

Differences from Keras 3: no pydot is needed, and the return value is the path of the
written file (Keras returns an IPython image when IPython is installed).

>>> import lamina, os, tempfile
>>> model = lamina.Sequential([lamina.Input(shape=(3,)), lamina.layers.Dense(2)])
>>> path = os.path.join(tempfile.mkdtemp(), "model.svg")
>>> plot_model(model, to_file=path, show_shapes=True) == path
True
"""

import os
import shutil
import subprocess

from lamina.visualization.model_to_dot import model_to_dot
from lamina.visualization.plot_graph import build_plot_graph
from lamina.visualization.svg_renderer import render_svg

_TEXT_FORMATS = ("dot", "gv")


def graphviz_executable():
    """Path of Graphviz's ``dot`` program, or None when it is not installed."""
    return shutil.which("dot")


def plot_model(
    model,
    to_file="model.png",
    show_shapes=False,
    show_dtype=False,
    show_layer_names=False,
    rankdir="TB",
    expand_nested=False,
    dpi=200,
    show_layer_activations=False,
    show_trainable=False,
    splines="ortho",
    **kwargs,
):
    """Write a drawing of ``model`` to ``to_file`` and return its path.

    Args:
        model: a built lamina ``Model``.
        to_file: output file; its extension picks the format (default PNG). ``.svg``
            works everywhere; PNG, PDF and other raster formats need Graphviz.
        show_shapes, show_dtype, show_layer_names, rankdir, expand_nested,
        show_layer_activations, show_trainable, splines: as in :func:`model_to_dot`
            (``show_layer_names`` defaults to False, as in Keras 3).
        dpi: resolution of images rendered by Graphviz. lamina's own SVG is
            resolution-independent and does not use it.

    >>> import lamina, os, tempfile
    >>> model = lamina.Sequential([lamina.Input(shape=(3,)), lamina.layers.Dense(2)])
    >>> path = plot_model(model, to_file=os.path.join(tempfile.mkdtemp(), "model.dot"))
    >>> open(path).read().startswith('digraph "sequential')
    True
    """
    to_file = os.fspath(to_file)
    extension = os.path.splitext(to_file)[1][1:].lower() or "png"
    options = dict(
        show_shapes=show_shapes,
        show_dtype=show_dtype,
        show_layer_names=show_layer_names,
        expand_nested=expand_nested,
        show_layer_activations=show_layer_activations,
        show_trainable=show_trainable,
    )
    dot_text = model_to_dot(model, rankdir=rankdir, dpi=dpi, splines=splines, **options, **kwargs)
    executable = graphviz_executable()
    if extension in _TEXT_FORMATS:
        _write(to_file, dot_text.encode("utf-8"))
    elif executable is not None:
        _write(to_file, _run_graphviz(executable, dot_text, extension, to_file))
    elif extension == "svg":
        svg = render_svg(build_plot_graph(model, **options), rankdir=rankdir)
        _write(to_file, svg.encode("utf-8"))
    else:
        raise ImportError(
            f"plot_model: writing {to_file!r} ({extension.upper()}) needs Graphviz, and its "
            "'dot' program was not found on PATH. Install Graphviz (e.g. `apt-get install "
            "graphviz`, `brew install graphviz` or `conda install graphviz`), or write an SVG, "
            "which lamina draws by itself on any machine: "
            "plot_model(model, to_file='model.svg')."
        )
    return to_file


def _run_graphviz(executable, dot_text, extension, to_file) -> bytes:
    try:
        result = subprocess.run(
            [executable, f"-T{extension}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RuntimeError(
            f"plot_model: running Graphviz ({executable}) to write {to_file!r} failed: {error}"
        ) from error
    if result.returncode != 0 or not result.stdout:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(
            f"plot_model: Graphviz ({executable} -T{extension}) could not write {to_file!r}: "
            f"{message or 'no output'}. Check that {extension!r} is a format your Graphviz "
            "supports (`dot -T?` lists them), or use to_file='model.svg'."
        )
    return result.stdout


def _write(path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)
