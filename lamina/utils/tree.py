"""Nested-structure helpers (lists, tuples, dicts) on top of ``jax.tree_util``.

``None`` is treated as a leaf here (unlike jax), because masks and optional inputs are
``None`` in a structure that must keep its shape.
"""

import jax


def _is_leaf(x) -> bool:
    return x is None


def flatten(structure) -> list:
    """Leaves of a nested structure, ``None`` included, in a deterministic order."""
    return jax.tree_util.tree_leaves(structure, is_leaf=_is_leaf)


def map_structure(fn, *structures):
    """Apply ``fn`` leaf-wise to structures of the same shape (``None`` leaves included)."""
    return jax.tree_util.tree_map(fn, *structures, is_leaf=_is_leaf)


def pack_sequence_as(structure, flat):
    """Rebuild ``structure`` with the leaves in ``flat``."""
    treedef = jax.tree_util.tree_structure(structure, is_leaf=_is_leaf)
    return jax.tree_util.tree_unflatten(treedef, list(flat))


def is_nested(x) -> bool:
    """True for list, tuple and dict."""
    return isinstance(x, (list, tuple, dict))
