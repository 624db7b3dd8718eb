"""Read queries: plain filter values in, DataFrames or small dataclasses out; aggregation in SQL."""
