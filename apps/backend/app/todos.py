"""Todo CRUD under /api/todos."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel, ConfigDict, StrictBool, StringConstraints, model_validator

from .db import Database

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, strict=True)]


class TodoCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Title
    completed: StrictBool = False


class TodoUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Title | None = None
    completed: StrictBool | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> TodoUpdate:
        if self.title is None and self.completed is None:
            raise ValueError("give at least one of title, completed")
        return self


class Todo(BaseModel):
    id: int
    title: str
    completed: bool
    created_at: datetime
    updated_at: datetime


COLUMNS = "id, title, completed, created_at, updated_at"
router = APIRouter(prefix="/api/todos", tags=["todos"])


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _not_found(todo_id: int) -> HTTPException:
    return HTTPException(status_code=404, detail=f"Todo {todo_id} not found")


@router.get("", response_model=list[Todo])
async def list_todos(request: Request) -> list[dict[str, object]]:
    return await _db(request).read(f"SELECT {COLUMNS} FROM todos ORDER BY id")


@router.post("", response_model=Todo, status_code=status.HTTP_201_CREATED)
async def create_todo(body: TodoCreate, request: Request) -> dict[str, object]:
    async with _db(request).connection() as conn:
        cur = await conn.execute(
            f"INSERT INTO todos (title, completed) VALUES (%s, %s) RETURNING {COLUMNS}",
            (body.title, body.completed),
        )
        row = await cur.fetchone()
    assert row is not None
    return row


@router.get("/{todo_id}", response_model=Todo)
async def get_todo(todo_id: int, request: Request) -> dict[str, object]:
    rows = await _db(request).read(f"SELECT {COLUMNS} FROM todos WHERE id = %s", (todo_id,))
    if not rows:
        raise _not_found(todo_id)
    return rows[0]


@router.patch("/{todo_id}", response_model=Todo)
async def update_todo(todo_id: int, body: TodoUpdate, request: Request) -> dict[str, object]:
    async with _db(request).connection() as conn:
        cur = await conn.execute(
            f"""UPDATE todos
                   SET title = COALESCE(%s, title),
                       completed = COALESCE(%s, completed),
                       updated_at = now()
                 WHERE id = %s
             RETURNING {COLUMNS}""",
            (body.title, body.completed, todo_id),
        )
        row = await cur.fetchone()
    if row is None:
        raise _not_found(todo_id)
    return row


@router.delete("/{todo_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_todo(todo_id: int, request: Request) -> Response:
    async with _db(request).connection() as conn:
        cur = await conn.execute("DELETE FROM todos WHERE id = %s", (todo_id,))
        deleted = cur.rowcount
    if deleted == 0:
        raise _not_found(todo_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
