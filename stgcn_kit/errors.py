"""The project's exceptions: what library code raises for bad input (a config, a data file, a
checkpoint), each message naming the file, sample or config key at fault. Only ``tools/`` turns
them into a one-line ``error: ...`` and an exit status (:func:`stgcn_kit.apis.cli.
report_errors`).

Every class is also a ``ValueError``: each reports a bad value, and callers that catch
``ValueError`` for bad input keep catching these.
"""


class StgcnKitError(ValueError):
    """Base of the project's errors: the input, not the code, is at fault."""


class ConfigError(StgcnKitError):
    """A config value or command-line option is unknown, misspelled, missing or inconsistent."""


class DataError(StgcnKitError):
    """A data file (raw skeletons, annotation or result pickle, label map) is missing, malformed
    or holds values outside their range (NaN/inf, labels beyond the classes)."""


class CheckpointError(StgcnKitError):
    """A checkpoint is missing, empty, truncated or does not fit the model."""
