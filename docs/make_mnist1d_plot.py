"""Regenerate ``docs/mnist1d_mlp.svg``: the demo's MLP drawn by lamina's own SVG renderer.

Run from the repository root: ``python docs/make_mnist1d_plot.py``. Graphviz is hidden
from ``plot_model`` (empty ``PATH``), so the file is the same on every machine and shows
the drawing a fresh install produces. The script also prints the model's summary.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples"))

from mnist1d_demo import build_mlp  # noqa: E402

import lamina  # noqa: E402
from lamina.visualization import print_summary  # noqa: E402


def main() -> None:
    model = build_mlp()
    print_summary(model, print_fn=print)
    os.environ["PATH"] = ""  # no Graphviz: lamina draws the SVG itself
    path = lamina.utils.plot_model(
        model,
        to_file=str(ROOT / "docs" / "mnist1d_mlp.svg"),
        show_shapes=True,
        show_layer_names=True,
        show_layer_activations=True,
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
