"""Self-assessment against seed 002's evaluation framework, and improvement proposals."""
