"""build.py's steps, standard library only: they run before the virtual environment exists."""
