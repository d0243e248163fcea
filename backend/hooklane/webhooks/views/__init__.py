"""The webhooks app's views: ingest (plain Django) and the API, one module per resource."""
