"""Delivery models, one per file under db_models/ (the seed's Option A)."""

from .db_models.circuit_transition_model import CircuitTransition
from .db_models.delivery_attempt_model import DeliveryAttempt
from .db_models.delivery_model import Delivery
from .db_models.destination_model import Destination
from .db_models.issue_model import Issue
from .db_models.listen_session_model import ListenSession
from .db_models.notification_channel_model import NotificationChannel
from .db_models.replay_job_model import ReplayJob

__all__ = [
    "CircuitTransition",
    "Delivery",
    "DeliveryAttempt",
    "Destination",
    "Issue",
    "ListenSession",
    "NotificationChannel",
    "ReplayJob",
]
