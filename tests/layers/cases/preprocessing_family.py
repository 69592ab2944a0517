"""Cases for the preprocessing layers (image, encoding, lookup, augmentation)."""

from cases import LayerCase

IMAGE = (2, 6, 8, 3)
TRAIN = {"training": True}

CASES = {
    "Rescaling": LayerCase({"scale": 0.5, "offset": 1.0}, mask="pass"),
    "Resizing": LayerCase({"height": 3, "width": 5}, input_shape=IMAGE),
    "CenterCrop": LayerCase({"height": 4, "width": 5}, input_shape=IMAGE),
    "CategoryEncoding": LayerCase({"num_tokens": 10, "output_mode": "count"},
                                  input_shape=(2, 3), dtype="int32", mask="refuse", fit=False),
    "Discretization": LayerCase({"bin_boundaries": [-1.0, 0.0, 1.0]}, mask="refuse",
                                fit=False),
    "Hashing": LayerCase({"num_bins": 7}, input_shape=(2, 3), dtype="int32", high=1000,
                         mask="refuse", fit=False),
    "IntegerLookup": LayerCase({"vocabulary": [1, 3, 5, 7]}, input_shape=(2, 3),
                               dtype="int32", mask="refuse", fit=False),
    "RandomFlip": LayerCase({"seed": 1}, input_shape=IMAGE, call_kwargs=TRAIN),
    "RandomRotation": LayerCase({"factor": 0.2, "seed": 1}, input_shape=IMAGE,
                                call_kwargs=TRAIN),
    "RandomZoom": LayerCase({"height_factor": 0.2, "seed": 1}, input_shape=IMAGE,
                            call_kwargs=TRAIN),
    "RandomTranslation": LayerCase({"height_factor": 0.2, "width_factor": 0.3, "seed": 1},
                                   input_shape=IMAGE, call_kwargs=TRAIN),
    "RandomContrast": LayerCase({"factor": 0.5, "value_range": (-10, 10), "seed": 1},
                                input_shape=IMAGE, call_kwargs=TRAIN),
    "RandomCrop": LayerCase({"height": 4, "width": 5, "seed": 1}, input_shape=IMAGE,
                            call_kwargs=TRAIN),
    "RandomBrightness": LayerCase({"factor": 0.2, "seed": 1}, input_shape=IMAGE,
                                  call_kwargs=TRAIN),
    "RandomColorDegeneration": LayerCase({"factor": 0.5, "seed": 1}, input_shape=IMAGE,
                                         call_kwargs=TRAIN),
    "RandomGrayscale": LayerCase({"factor": 0.5, "seed": 1}, input_shape=IMAGE,
                                 call_kwargs=TRAIN),
    "RandomHue": LayerCase({"factor": 0.5, "value_range": (0, 1), "seed": 1},
                           input_shape=IMAGE, call_kwargs=TRAIN),
    "RandomSaturation": LayerCase({"factor": (0.3, 0.7), "value_range": (0, 1), "seed": 1},
                                  input_shape=IMAGE, call_kwargs=TRAIN),
    "RandomSharpness": LayerCase({"factor": 0.8, "value_range": (0, 1), "seed": 1},
                                 input_shape=IMAGE, call_kwargs=TRAIN),
    "RandomInvert": LayerCase({"factor": 0.5, "value_range": (0, 1), "seed": 1},
                              input_shape=IMAGE, call_kwargs=TRAIN),
    "RandomPosterization": LayerCase({"factor": 4, "value_range": (0, 1), "seed": 1},
                                     input_shape=IMAGE, call_kwargs=TRAIN),
    "RandomColorJitter": LayerCase({"value_range": (0, 1), "brightness_factor": 0.2,
                                    "contrast_factor": 0.3, "saturation_factor": (0.4, 0.6),
                                    "hue_factor": 0.2, "seed": 1},
                                   input_shape=IMAGE, call_kwargs=TRAIN),
    "AutoContrast": LayerCase({"value_range": (0, 1)}, input_shape=IMAGE),
    "Equalization": LayerCase({"value_range": (0, 1), "bins": 64}, input_shape=IMAGE),
    "Solarization": LayerCase({"addition_factor": 0.1, "threshold_factor": 0.5,
                               "value_range": (0, 1), "seed": 1},
                              input_shape=IMAGE, call_kwargs=TRAIN),
    "RandomErasing": LayerCase({"value_range": (0, 1), "seed": 1}, input_shape=IMAGE,
                               call_kwargs=TRAIN),
    "RandomGaussianBlur": LayerCase({"kernel_size": 3, "sigma": 0.8, "value_range": (0, 1),
                                     "seed": 1}, input_shape=IMAGE, call_kwargs=TRAIN),
    "RandomShear": LayerCase({"x_factor": 0.3, "y_factor": 0.2, "seed": 1},
                             input_shape=IMAGE, call_kwargs=TRAIN),
    "RandomPerspective": LayerCase({"scale": 0.5, "seed": 1}, input_shape=IMAGE,
                                   call_kwargs=TRAIN),
    "MixUp": LayerCase({"alpha": 0.4, "seed": 1}, input_shape=IMAGE, call_kwargs=TRAIN),
    "CutMix": LayerCase({"seed": 1}, input_shape=IMAGE, call_kwargs=TRAIN),
}

# StringLookup and TextVectorization take only strings (or, for an inverted StringLookup,
# return strings), which JAX arrays -- hence symbolic tensors, jit and fit -- cannot hold.
# They run eagerly with numpy in the data pipeline; their own tests cover them
# (tests/layers/preprocessing/test_string_lookup_layer.py, test_text_vectorization_layer.py).
NOT_STANDALONE = {"StringLookup", "TextVectorization"}
