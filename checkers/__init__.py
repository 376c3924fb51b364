"""lawlint checkers: parsing, extraction, the rule engine and reporting."""

__version__ = "0.1.0"
