"""Creator Post Studio core: the rules, post models and image policy shared by browser and endpoint.

The core imports the standard library and pydantic only; `browser/` and `server/` import it,
never the other way round.
"""

__version__ = "0.1.0"
