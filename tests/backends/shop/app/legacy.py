"""Old direct connection."""
from sqlalchemy import create_engine

engine = create_engine("postgresql://localhost/shop")
