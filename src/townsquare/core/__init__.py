"""Settings, shared types and errors used by every layer."""
