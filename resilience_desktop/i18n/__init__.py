"""Interface translations: ``tr()`` and the language setting (no Qt)."""
