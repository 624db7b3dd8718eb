"""Helpers for the test suite: throwaway databases and a live app server."""
