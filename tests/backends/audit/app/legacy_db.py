import asyncpg
from sqlalchemy import create_engine

engine = create_engine("postgresql://u@h/db")


async def raw_connection():
    return await asyncpg.connect("postgresql://u@h/db")
