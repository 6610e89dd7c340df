"""Benchmarks: a generated large partnership and the structure pages' cost at two scales.

Run with `make bench` (`python -m bench`); see bench/__main__.py.
"""
