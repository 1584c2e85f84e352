"""The ``resilience-desktop`` command: one module per command group, registered in ``main``."""
