"""townsquare: content moderation for a platform under the EU Digital Services Act."""
