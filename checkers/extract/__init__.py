"""Extraction primitives: regex finders for dates, amounts, 文号, citations and validity periods."""
