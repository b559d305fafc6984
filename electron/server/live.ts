import type { IncomingMessage, Server } from 'node:http';
import type { Server as TlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LiveMessage } from '../../shared/sync/protocol';

/**
 * The live channel: a WebSocket per signed-in desktop, told when records changed (it then
 * pulls) and when a story's lock changed. Nothing comes back over it but pongs.
 */
const HEARTBEAT_MS = 30_000;
/** How long a 'changed' waits for more pushes to announce with it. */
const CHANGED_COALESCE_MS = 50;

export interface Live {
  broadcast(message: LiveMessage): void;
  close(): void;
}

/**
 * Serves `/api/live` upgrades on `server`. `accept` checks the request (no Origin, a valid
 * bearer token) and answers the first message, or refuses with an HTTP status.
 */
export function startLive(
  server: Server | TlsServer,
  accept: (request: IncomingMessage) => Promise<{ ok: true; hello: () => Promise<LiveMessage> } | { ok: false; status: number }>,
): Live {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const alive = new WeakMap<WebSocket, boolean>();

  const refuse = (socket: Duplex, status: number) => {
    socket.end(
      `HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : 'Unauthorized'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/api/live') return refuse(socket, 404);
    accept(request).then(
      (verdict) => {
        if (!verdict.ok) return refuse(socket, verdict.status);
        wss.handleUpgrade(request, socket, head, (ws) => {
          alive.set(ws, true);
          ws.on('pong', () => alive.set(ws, true));
          ws.on('error', () => ws.terminate());
          wss.emit('connection', ws, request);
          verdict.hello().then(
            (hello) => ws.send(JSON.stringify(hello)),
            () => ws.terminate(),
          );
        });
      },
      () => refuse(socket, 500),
    );
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const send = (message: LiveMessage) => {
    const text = JSON.stringify(message);
    for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
  };
  // Pushes that land together are announced once: every desktop answers 'changed' with a pull,
  // so 20 pushes a second to 200 desktops would otherwise ask for 4,000 pulls a second.
  let changedSeq: number | null = null;
  let changedTimer: NodeJS.Timeout | null = null;

  return {
    broadcast(message) {
      if (message.type !== 'changed') return send(message);
      changedSeq = Math.max(changedSeq ?? 0, message.seq);
      changedTimer ??= setTimeout(() => {
        changedTimer = null;
        const seq = changedSeq!;
        changedSeq = null;
        send({ type: 'changed', seq });
      }, CHANGED_COALESCE_MS);
    },
    close() {
      if (changedTimer) clearTimeout(changedTimer);
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
