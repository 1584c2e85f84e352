"""The national view in Qt: the map, the tables, the trend, the drill-down, the national PDF."""
