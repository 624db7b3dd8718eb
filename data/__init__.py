"""Data layer: models, engine/session, read queries, write commands, demo data, migrations.

Knows nothing about Dash. Reads return DataFrames or small dataclasses; writes are command
functions that validate, write, audit and commit in one transaction.
"""
