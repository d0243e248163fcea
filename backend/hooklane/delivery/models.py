"""Delivery models, one per file under db_models/ (the seed's Option A)."""

from .db_models.delivery_attempt_model import DeliveryAttempt
from .db_models.delivery_model import Delivery
from .db_models.destination_model import Destination
from .db_models.listen_session_model import ListenSession
from .db_models.replay_job_model import ReplayJob

__all__ = ["Delivery", "DeliveryAttempt", "Destination", "ListenSession", "ReplayJob"]
