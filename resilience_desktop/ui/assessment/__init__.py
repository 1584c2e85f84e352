"""The assessment view: navigator, question panel, level cards, evidence, actions, stakeholders, undo commands."""
