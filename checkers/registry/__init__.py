"""The registry: every recorded run, document and finding, and what is built from them
(cross-document checks, the bureau's ledgers and exports)."""
