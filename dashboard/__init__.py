"""The Dash application: factory, configuration, start-up and command line."""
