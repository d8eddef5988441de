"""The one failure of stripping: the file's structure is not what its header promised."""

from __future__ import annotations


class StripError(ValueError):
    """The file's structure is not what its header promised (the caller refuses it as broken)."""
