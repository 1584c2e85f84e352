"""The sync tests use the run's demo template (``demo_template`` in tests/conftest.py, written once)."""
