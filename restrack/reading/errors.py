"""Errors of the importer. Each says what is wrong, where, and how to fix it; the commands print
the message without a traceback."""


class IngestError(Exception):
    """The input cannot be read or imported as it is."""
