"""The delivery app's API views, one module per resource."""
