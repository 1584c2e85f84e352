"""The generated demo workspace: fictional cities, assessments, map layers and a flood scenario."""
