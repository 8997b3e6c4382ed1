"""An in-memory channel: records what each address received, like httpx's MockTransport."""

from __future__ import annotations

from collections import defaultdict

from bot.channels.base import Begin, Delivery, DeliveryError, Receipt, proceed
from handlers.messages import Outbound


class RecordingChannel:
    """Accepts every delivery and keeps it, in order, per address.

    `fail_next(error)` makes the next deliveries raise, to play outages in fast tests.
    """

    max_messages_per_call = 5

    def __init__(self, name: str = "sandbox") -> None:
        self.name = name
        self.deliveries: list[Delivery] = []
        self.received: defaultdict[str, list[Outbound]] = defaultdict(list)
        self._failures: list[DeliveryError] = []

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    def message_count(self, message: Outbound) -> int:
        return 1

    def fail_next(self, error: DeliveryError, count: int = 1) -> None:
        self._failures.extend([error] * count)

    def texts_to(self, address: str) -> list[str]:
        return [message.text for message in self.received[address]]

    def repeatable(self, delivery: Delivery) -> bool:
        return False  # a repeat would be kept twice

    async def deliver(self, delivery: Delivery, begin: Begin = proceed) -> Receipt:
        await begin()  # a scripted failure plays one the platform answered: the attempt began
        if self._failures:
            raise self._failures.pop(0)
        self.deliveries.append(delivery)
        self.received[delivery.address].extend(delivery.messages)
        return Receipt()
