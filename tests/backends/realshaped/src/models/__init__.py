"""ORM models. Importing this package registers every table on ``Base.metadata``."""

from .base import Base
from .domain import Domain, DomainStatusEnum

__all__ = ["Base", "Domain", "DomainStatusEnum"]
