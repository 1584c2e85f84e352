"""File and input safety every boundary shares (no Qt): outputs that must not destroy an input
(``targets``), temporary files that never outlive a crash (``tempfiles``), the one input-validation
layer (``validate``), CSV cells a spreadsheet cannot execute (``csv_safe``) and the budgets of an
Excel workbook read (``ooxml``). Atomic writes themselves are :mod:`resilience_desktop.atomic`."""
