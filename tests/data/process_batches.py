"""A module-level PyDataset, so worker processes (spawned) can import and unpickle it."""

import numpy as np

import lamina


class NoisyBatches(lamina.utils.PyDataset):
    """Five batches of 8 rows of ``x`` (a picklable array) and ``x @ [1, 2, -1]``."""

    def __init__(self, x, **kwargs):
        super().__init__(**kwargs)
        self.x = x

    def __len__(self):
        return 5

    def __getitem__(self, index):
        x = self.x[index * 8 : (index + 1) * 8]
        return x, x @ np.array([[1.0], [2.0], [-1.0]], "float32")
