"""`lawlint serve`: the upload page, result pages and JSON API for drafting officers."""
