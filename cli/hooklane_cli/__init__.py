"""The `hooklane` command line: a thin HTTP client of a Hooklane instance (see README.md)."""

__version__ = "0.1.0"
