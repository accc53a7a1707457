"""The project's own functional suite: hand-written templates expanded into labelled cases."""
