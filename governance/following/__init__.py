"""Following a body by email (seed 003): double opt-in and publication digests."""
