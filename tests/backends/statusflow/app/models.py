import enum

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from .db import Base
from .enums import ShipStatus


class PayStatus(enum.Enum):
    pending = "pending"
    paid = "paid"
    failed = "failed"


class InvoiceStatus(enum.Enum):
    Queued = "Queued"
    Sent = "Sent"


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column()
    pay_status: Mapped[PayStatus] = mapped_column(Enum(PayStatus), default=PayStatus.pending)
    ship_status: Mapped[ShipStatus | None] = mapped_column(Enum(ShipStatus))
    invoice_status: Mapped[InvoiceStatus | None] = mapped_column(Enum(InvoiceStatus))
    review_status: Mapped[str] = mapped_column(String, default="none")
