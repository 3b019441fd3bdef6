"""Regularization and normalization layers for the course, in Keras 3.

Dropout family: `InvertedDropout`, `ClassicDropout`, `SpatialDropout1D`,
`SpatialDropout2D`, `DropConnectDense`, `Cutout`; weight noise:
`WeightNoiseDense`.

Augmentation: `Augment`, the input pipeline's augmentations
(`course_lib.pipelines`) as a layer that runs on the model's device.

Normalization family: `BatchNorm`, `BatchRenorm`, `GhostBatchNorm`,
`LayerNorm`, `GroupNorm`.

Every layer is registered for `.keras` saving under the package name
`"course_lib"`.
"""

from course_lib.layers.augment import Augment
from course_lib.layers.cutout import Cutout
from course_lib.layers.drop_connect import DropConnectDense
from course_lib.layers.dropout import ClassicDropout
from course_lib.layers.dropout import InvertedDropout
from course_lib.layers.dropout import SpatialDropout1D
from course_lib.layers.dropout import SpatialDropout2D
from course_lib.layers.normalization import BatchNorm
from course_lib.layers.normalization import BatchRenorm
from course_lib.layers.normalization import GhostBatchNorm
from course_lib.layers.normalization import GroupNorm
from course_lib.layers.normalization import LayerNorm
from course_lib.layers.weight_noise import WeightNoiseDense

__all__ = [
    "Augment",
    "BatchNorm",
    "BatchRenorm",
    "ClassicDropout",
    "Cutout",
    "DropConnectDense",
    "GhostBatchNorm",
    "GroupNorm",
    "InvertedDropout",
    "LayerNorm",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "WeightNoiseDense",
]
