"""Tools that build the project (`tools/build/`) and regenerate its data (the grapheme table)."""
