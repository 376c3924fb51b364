"""Alembic environment: the connection comes from lawlint's registry (config.attributes)."""

from alembic import context

from checkers.registry.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
