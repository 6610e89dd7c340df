"""The generated "How this partnership works" guide."""
