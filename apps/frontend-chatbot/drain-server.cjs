// Starts Next.js's standalone server.js and drains it on SIGTERM without failing a request.
//
// Next.js's own SIGTERM handler (both 14 and 16) calls server.close(): that stops accepting
// connections but leaves every busy keep-alive connection open, so a client that keeps sending
// holds the pod until the kubelet's SIGKILL resets it mid-request. With NEXT_MANUAL_SIG_HANDLE
// set, Next.js leaves the signal to this file, which answers every request after SIGTERM with
// `Connection: close` (the client reconnects, through the Service, to a pod that stays), lets
// idle connections reach the server's keep-alive timeout, and exits once no connection is
// left, or after DRAIN_TIMEOUT_SECONDS at the latest (below the chart's grace period).
//
// The same file ships with both frontends (a test keeps the copies identical): each image is
// built from its own app directory only.
"use strict";
const http = require("node:http");

const DRAIN_TIMEOUT_MS = Number(process.env.DRAIN_TIMEOUT_SECONDS || "35") * 1000;
const servers = [];
let draining = false;

// server.js creates its server with http.createServer(listener): wrap the listener so that a
// draining server tells each client to close, and remember the connections to wait for.
const createServer = http.createServer;
http.createServer = function drainingCreateServer(...args) {
    const index = args.findIndex((a) => typeof a === "function");
    if (index >= 0) {
        const listener = args[index];
        args[index] = function drainingListener(req, res) {
            if (draining) res.setHeader("Connection", "close");
            return listener.call(this, req, res);
        };
    }
    const server = createServer.apply(this, args);
    const sockets = new Set();
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
    });
    servers.push({ server, sockets });
    return server;
};

process.env.NEXT_MANUAL_SIG_HANDLE = "true";
process.once("SIGTERM", () => {
    draining = true;
    const started = Date.now();
    const open = () => servers.reduce((n, s) => n + s.sockets.size, 0);
    console.log(JSON.stringify({ msg: "SIGTERM: draining", connections: open() }));
    const timer = setInterval(() => {
        const left = open();
        const overdue = Date.now() - started >= DRAIN_TIMEOUT_MS;
        if (left > 0 && !overdue) return;
        clearInterval(timer);
        for (const { server } of servers) {
            server.close();
            server.closeAllConnections();
        }
        console.log(JSON.stringify({ msg: "drained", ms: Date.now() - started, forced: left }));
        process.exit(0);
    }, 100);
});
process.once("SIGINT", () => process.exit(0));

require("./server.js");
