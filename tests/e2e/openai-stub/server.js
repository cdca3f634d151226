// Test-only stand-in for an OpenAI-compatible API (no internet here): answers every chat
// completion with "stub reply: <the user's last message>", so a browser test can see that a
// message went from the chatbot page through its server to the model API and back.
const http = require("node:http");

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/health") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    return;
  }
  if (req.method !== "POST" || !req.url.endsWith("/chat/completions")) {
    res.writeHead(404).end();
    return;
  }
  if (!/^Bearer \S+/.test(req.headers.authorization || "")) {
    res.writeHead(401, { "content-type": "application/json" }).end('{"error":{"message":"no API key"}}');
    return;
  }
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    const messages = JSON.parse(body || "{}").messages || [];
    const last = messages.filter((m) => m.role === "user").pop();
    const content = `stub reply: ${last ? last.content : ""}`;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: "stub", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }] }));
  });
});
server.listen(8080);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
