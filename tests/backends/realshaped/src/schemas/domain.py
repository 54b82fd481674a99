"""Request and response bodies for domains."""

from pydantic import BaseModel, Field

type DomainId = int
type Names[T] = list[T]


class DomainRead(BaseModel):
    """A domain as the API returns it."""

    id: DomainId
    domain: str = Field(..., description="The domain name")
    status: str


def first[T](items: Names[T], default: T | None = None) -> T | None:
    """The first item, or the default."""
    return items[0] if items else default
