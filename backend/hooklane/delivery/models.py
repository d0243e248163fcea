"""Delivery models (destinations and attempts) arrive with the delivery work."""

__all__: list[str] = []
