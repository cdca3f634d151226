"use client";

// The browser only talks to this server's /api/todos (same origin); the server forwards to
// the backend. No backend URL is compiled into the page.
import { type FormEvent, useCallback, useEffect, useState } from "react";

type Todo = { id: number; title: string; completed: boolean };

async function errorText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { message?: string; detail?: unknown };
    if (body.message) return body.message;
    if (typeof body.detail === "string") return body.detail;
  } catch {
    // not JSON
  }
  return `HTTP ${res.status}`;
}

export default function Home() {
  const [todos, setTodos] = useState<Todo[]>([]);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    const res = await fetch("/api/todos", { cache: "no-store" });
    if (res.ok) {
      setTodos((await res.json()) as Todo[]);
      setError(null);
    } else {
      setError(await errorText(res));
    }
    setLoading(false);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function add(event: FormEvent) {
    event.preventDefault();
    const res = await fetch("/api/todos", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title }),
    });
    if (res.ok) setTitle("");
    else setError(await errorText(res));
    await load();
  }

  async function toggle(todo: Todo) {
    await fetch(`/api/todos/${todo.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ completed: !todo.completed }),
    });
    await load();
  }

  async function remove(todo: Todo) {
    await fetch(`/api/todos/${todo.id}`, { method: "DELETE" });
    await load();
  }

  return (
    <main>
      <h1>Todos</h1>
      <form onSubmit={add} style={{ display: "flex", gap: 8 }}>
        <input
          aria-label="New todo"
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="What needs doing?"
          style={{ flex: 1 }}
        />
        <button type="submit" disabled={!title.trim()}>
          Add
        </button>
      </form>
      {error && <p role="alert" style={{ color: "crimson" }}>{error}</p>}
      {loading ? (
        <p>Loading…</p>
      ) : todos.length === 0 ? (
        <p>Nothing to do.</p>
      ) : (
        <ul style={{ listStyle: "none", padding: 0 }}>
          {todos.map((t) => (
            <li key={t.id} style={{ display: "flex", gap: 8, alignItems: "center", padding: "4px 0" }}>
              <input type="checkbox" checked={t.completed} onChange={() => void toggle(t)} aria-label={`Done: ${t.title}`} />
              <span style={{ flex: 1, textDecoration: t.completed ? "line-through" : "none" }}>{t.title}</span>
              <button onClick={() => void remove(t)} aria-label={`Delete ${t.title}`}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
