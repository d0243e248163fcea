"""Shapes of the accounts app's API, one module per resource."""
