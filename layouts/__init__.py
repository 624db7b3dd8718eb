"""Page layouts, reusable components and figure builders: pure functions over DataFrames."""
