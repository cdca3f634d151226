"use client";

// The browser only calls this server's /api/* routes; the server holds OPENAI_API_KEY and
// BACKEND_URL. Nothing environment-specific is compiled into the page.
import { type FormEvent, useEffect, useState } from "react";

type Line = { from: "you" | "assistant"; text: string };

export default function Chat() {
  const [lines, setLines] = useState<Line[]>([]);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const [todoCount, setTodoCount] = useState<number | null>(null);
  const [enabled, setEnabled] = useState<boolean | null>(null);

  useEffect(() => {
    fetch("/api/health", { cache: "no-store" })
      .then((r) => r.json() as Promise<{ chatEnabled: boolean }>)
      .then((h) => setEnabled(h.chatEnabled))
      .catch(() => setEnabled(null));
    fetch("/api/todos-count", { cache: "no-store" })
      .then((r) => (r.ok ? (r.json() as Promise<{ count: number }>) : null))
      .then((c) => setTodoCount(c ? c.count : null))
      .catch(() => setTodoCount(null));
  }, []);

  async function send(event: FormEvent) {
    event.preventDefault();
    const text = message.trim();
    if (!text) return;
    setLines((l) => [...l, { from: "you", text }]);
    setMessage("");
    setBusy(true);
    try {
      const res = await fetch("/api/chat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: text }),
      });
      const body = (await res.json()) as { reply?: string; error?: string };
      setLines((l) => [...l, { from: "assistant", text: body.reply ?? `Error: ${body.error ?? res.status}` }]);
    } catch (err) {
      setLines((l) => [...l, { from: "assistant", text: `Error: ${String(err)}` }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main>
      <h1>Todo assistant</h1>
      <p>
        {todoCount === null ? "Todo list unavailable." : `You have ${todoCount} todo${todoCount === 1 ? "" : "s"}.`}
        {enabled === false && " Chat is disabled: OPENAI_API_KEY is not set."}
      </p>
      <div aria-live="polite" style={{ border: "1px solid #ccc", borderRadius: 6, padding: 12, minHeight: 160 }}>
        {lines.map((line, i) => (
          <p key={i} style={{ margin: "4px 0" }}>
            <strong>{line.from === "you" ? "You" : "Assistant"}:</strong> {line.text}
          </p>
        ))}
        {busy && <p>…</p>}
      </div>
      <form onSubmit={send} style={{ display: "flex", gap: 8, marginTop: 8 }}>
        <input
          aria-label="Message"
          value={message}
          maxLength={4000}
          onChange={(e) => setMessage(e.target.value)}
          placeholder="Ask about your todos"
          style={{ flex: 1 }}
        />
        <button type="submit" disabled={busy || !message.trim()}>
          Send
        </button>
      </form>
    </main>
  );
}
