"""GitHub webhook deliveries already handled, so that a redelivered or duplicated webhook changes nothing.

GitHub keeps ``X-GitHub-Delivery`` when a delivery is redelivered, which makes it the dedup key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.store.db import dialect_insert
from bot.store.models import Clock, WebhookDelivery, utcnow


def record_delivery(session: Session, delivery_id: str, event: str, *, clock: Clock = utcnow) -> bool:
    """Remember a webhook delivery; True only the first time ``delivery_id`` is seen, even under races.

    In the caller's transaction: if handling the delivery fails and rolls back, the delivery is
    forgotten too, and GitHub's redelivery is handled afresh.
    """
    statement = (
        dialect_insert(session)(WebhookDelivery)
        .values(delivery_id=delivery_id, event=event, received_at=clock())
        .on_conflict_do_nothing(index_elements=[WebhookDelivery.delivery_id])
        .returning(WebhookDelivery.delivery_id)
    )
    return session.execute(statement).scalar_one_or_none() is not None


def prune_deliveries(session: Session, before: datetime) -> int:
    """Forget deliveries received before ``before`` (GitHub redelivers for days, not months)."""
    result = session.execute(delete(WebhookDelivery).where(WebhookDelivery.received_at < before))
    return result.rowcount  # type: ignore[attr-defined]
