"""Fault scenarios: the portal under the failures a real deployment meets (a killed worker, Redis
or PostgreSQL going away, many writers at once). Each scenario returns figures and a verdict;
`python -m faults` (`make faults`) runs the long forms on private servers, and tests/faults runs
the quick forms in `make test`. docs/quality.md lists them with their last figures."""
