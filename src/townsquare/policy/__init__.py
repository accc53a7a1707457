"""Terms of use as versioned data, and the pure engine that applies them to signals."""
