"""Package discovery: every package under resilience_desktop/ plus the two data folders that
pyproject.toml maps into it (scorecards/ and resources/). All other metadata is in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=find_packages(include=["resilience_desktop", "resilience_desktop.*"])
      + ["resilience_desktop.scorecards", "resilience_desktop.resources"])
