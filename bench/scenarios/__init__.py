"""Each module here defines ``scenarios(db) -> list[Scenario]`` for one page."""
