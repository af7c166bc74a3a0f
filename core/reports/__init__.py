"""Exports of recaps and daily lists: CSV, XLSX, PDF and PNG charts, each returned as bytes.

The functions are pure over the recap objects of `core.recap`, so that the command line writes
them to files and the chat flows send them as documents.
"""
