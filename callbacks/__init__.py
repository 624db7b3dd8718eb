"""Thin callbacks: parse inputs, call data queries/commands, call layout builders, return."""
