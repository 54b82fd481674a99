from fastapi import FastAPI

from .errors import AppErrorService
from .repo import count_for, recent, report

app = FastAPI()
app.add_exception_handler(Exception, AppErrorService.handle)


@app.get("/api/v3/count")
async def count(session=None):
    return await count_for(session, "t1")
