"""The jargon buster (seed 002, proposal 4) and the acronyms it marks on pages."""
