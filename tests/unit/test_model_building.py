"""Importing the core builds none of our models: each is built when first used (docs/ARCHITECTURE.md,
"A first start imports only what the first render needs"), so a creator's first start pays only for
the models its first check uses. Run in a fresh interpreter: this one has built them all by now."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PY = Path(__file__).resolve().parents[2] / "py"

PROBE = """
import importlib, json, pkgutil
import pydantic
import creatorpost

core = [m.name for m in pkgutil.walk_packages(creatorpost.__path__, "creatorpost.")
        if not m.name.startswith(("creatorpost.browser", "creatorpost.server", "creatorpost.testing"))]
for name in core:
    importlib.import_module(name)

def ours():
    found, todo = [], [pydantic.BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("creatorpost."):
                found.append(sub)
    return found

built_at_import = sorted(m.__qualname__ for m in ours() if m.__pydantic_complete__)
from creatorpost.validation import validate
report = validate({"type": "article", "title": "x" * 61, "blocks": [{"kind": "text", "text": "hello"}]}, "publish")
from creatorpost.warm_up import warm_up
warm_up()
used_alone = {"RuleSet", "PostTypeIndex", "MediaRules", "MediaInfo", "ReviewRules", "Report", "Finding"}
left_after_warm_up = sorted(m.__qualname__ for m in ours() if m.__qualname__ in used_alone and not m.__pydantic_complete__)
print(json.dumps({"models": len(ours()), "built_at_import": built_at_import, "codes": report.codes(),
                  "left_after_warm_up": left_after_warm_up}))
"""


def test_no_model_is_built_before_it_is_used_and_a_warm_up_leaves_none_for_later() -> None:
    """The editor's start builds what its first check uses; the endpoint and the snapshot worker, which start
    before anyone waits, build everything a request, a photo or the desk uses (warm_up)."""
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=PY, capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(done.stdout)
    assert result["models"] >= 28  # the rule file's sections, the post's shape, findings, media facts
    assert result["built_at_import"] == []
    assert "title.too_long" in result["codes"]
    assert result["left_after_warm_up"] == []
