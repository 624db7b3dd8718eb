"""Exports of filtered views (CSV for German Excel, XLSX)."""
