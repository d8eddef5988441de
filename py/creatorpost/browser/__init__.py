"""The editor in the browser (Pyodide). Importing it turns off pydantic's plugin discovery: no plugin
is installed there, and looking for one reads every installed package's entry points at the first
model, on the way to the editor's first start."""

import os

os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
