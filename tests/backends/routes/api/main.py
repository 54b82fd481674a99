from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .routers import admin, items, legacy, users
from .routers.items import item_router
from .settings import settings

app = FastAPI()

for router, prefix in [(users.router, "/api/v3"), (items.parent, settings.API_PREFIX)]:
    app.include_router(router, prefix=prefix)

if settings.ENABLE_ADMIN:
    app.include_router(admin.router, prefix="/api/v3")

app.include_router(legacy.router)
app.mount("/static", StaticFiles(directory="static"), name="static")


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.api_route("/api/v3/ping", methods=["GET", "HEAD"])
def ping():
    return "pong"
