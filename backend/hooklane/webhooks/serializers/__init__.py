"""Shapes of the webhooks app's API, one module per resource."""
