"""Make the shared layer test harness (tests/layers/layer_harness.py) importable."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
