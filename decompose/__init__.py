"""decompose: turn a Python monolith into a service split plan."""

__version__ = "0.1.0"
