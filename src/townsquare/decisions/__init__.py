"""What a decision means for the outside world: DSA restrictions, statements of reasons, notices."""
