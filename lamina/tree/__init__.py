"""``lamina.tree``: Keras 3's ``keras.tree`` (nested-structure utilities).

>>> import lamina
>>> lamina.tree.flatten({"b": 2, "a": [1, None]})
[1, None, 2]
"""

from lamina.tree.structure import MAP_TO_NONE as MAP_TO_NONE
from lamina.tree.structure import assert_same_paths as assert_same_paths
from lamina.tree.structure import assert_same_structure as assert_same_structure
from lamina.tree.structure import flatten as flatten
from lamina.tree.structure import flatten_with_path as flatten_with_path
from lamina.tree.structure import is_nested as is_nested
from lamina.tree.structure import lists_to_tuples as lists_to_tuples
from lamina.tree.structure import map_shape_structure as map_shape_structure
from lamina.tree.structure import map_structure as map_structure
from lamina.tree.structure import map_structure_up_to as map_structure_up_to
from lamina.tree.structure import pack_sequence_as as pack_sequence_as
from lamina.tree.structure import traverse as traverse
