"""The Losses view: a city's recorded disaster losses (DesInventar) per hazard and year, and Sendai A–D."""
