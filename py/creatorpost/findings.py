"""Findings are data: a stable code, a severity, a dotted field path and parameters.

The words a person reads are built later from the message catalog (`creatorpost.messages`).
`error` blocks Create; `warning` and `tip` only inform.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Severity = Literal["error", "warning", "tip"]

# A lone surrogate: what "\ud800" in JSON becomes; it has no UTF-8 form.
SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with every lone surrogate as U+FFFD."""
    return SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text


def _printable(value: Any) -> Any:
    """What a finding echoes, printable: a report must always encode as UTF-8."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_printable(item) for item in value]
    return value


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    code: str
    severity: Severity
    field: str = Field(default="", description="dotted path such as `title`, `hashtags.5`, `blocks.2.caption`; empty for the whole post")
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("field")
    @classmethod
    def _field_prints(cls, value: str) -> str:
        return printable(value)

    @field_validator("params")
    @classmethod
    def _params_print(cls, value: dict[str, Any]) -> dict[str, Any]:
        return {key: _printable(item) for key, item in value.items()}


class Report(BaseModel):
    model_config = ConfigDict(defer_build=True)

    valid: bool
    findings: list[Finding]

    @classmethod
    def of(cls, findings: list[Finding]) -> Report:
        return cls(valid=not any(f.severity == "error" for f in findings), findings=findings)

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


def error(code: str, field: str = "", **params: Any) -> Finding:
    return Finding(code=code, severity="error", field=field, params=params)


def warning(code: str, field: str = "", **params: Any) -> Finding:
    return Finding(code=code, severity="warning", field=field, params=params)


def tip(code: str, field: str = "", **params: Any) -> Finding:
    return Finding(code=code, severity="tip", field=field, params=params)


def path(*parts: str | int) -> str:
    """`path("blocks", 2, "caption")` -> "blocks.2.caption"."""
    return ".".join(str(p) for p in parts)
