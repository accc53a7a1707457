"""Command line: ``townsquare <command>``."""
