from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://u@h/db", connect_args={"statement_cache_size": 0})
SessionLocal = async_sessionmaker(engine)
