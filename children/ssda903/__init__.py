"""SSDA903 (children looked after return) import and export.

The return is a set of CSV tables, each recognised by its exact set of column
headers. ``importer.import_extract`` loads an extract into the app;
``exporter.build_return`` writes the tables the DfE validator expects for a
collection year.
"""
