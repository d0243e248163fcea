"""Shapes of the delivery app's API, one module per resource."""
