"""Search every assessment of the workspace (Ctrl+Shift+F): the dialog, its snippet painter, the menu action."""
