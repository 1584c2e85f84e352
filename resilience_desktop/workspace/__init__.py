"""The Qt-free workspace façade (``facade.Workspace``) and its parts: cities and assessments, items (evidence, actions, proposals), layers, hazards; the plain records it returns."""
