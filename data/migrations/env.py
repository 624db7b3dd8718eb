"""Alembic environment: the connection is handed in by :mod:`data.migrate`."""

from alembic import context

from data.migrate import include_name
from data.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
