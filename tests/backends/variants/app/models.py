import enum

from sqlmodel import Field, SQLModel


class TaskState(str, enum.Enum):
    waiting = "waiting"
    done = "done"


class Task(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    state: TaskState = Field(default=TaskState.waiting)
