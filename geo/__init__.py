"""geo: find the places a UN report mentions, locate them and map what happened where."""

__version__ = "0.1.0"
