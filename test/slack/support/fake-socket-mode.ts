import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

/** The app's answer to an envelope: what it passed to `ack()`. */
export interface EnvelopeAck {
  payload: unknown;
  ms: number;
}

/**
 * Slack's Socket Mode end on loopback: `apps.connections.open` hands out this URL; on connect
 * the fake says `hello`, then pushes envelopes and waits for the app's ack of each.
 */
export class FakeSocketMode {
  #wss = new WebSocketServer({ noServer: true });
  #client: WebSocket | undefined;
  #connected: ((ws: WebSocket) => void)[] = [];
  #pending = new Map<string, (payload: unknown) => void>();
  #host = '';
  connections = 0;

  url(): string {
    return `ws://${this.#host}/link/?ticket=${randomUUID()}`;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#host = req.headers.host ?? this.#host;
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      this.connections += 1;
      this.#client = ws;
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (message.envelope_id) this.#pending.get(message.envelope_id)?.(message.payload);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0APP' } }));
      for (const waiter of this.#connected.splice(0)) waiter(ws);
    });
  }

  /** Must be set before the app starts: the URL names this host and port. */
  listenOn(hostAndPort: string): void {
    this.#host = hostAndPort;
  }

  async send(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown): Promise<EnvelopeAck> {
    const ws = this.#client && this.#client.readyState === WebSocket.OPEN ? this.#client : await new Promise<WebSocket>((resolve) => this.#connected.push(resolve));
    const envelopeId = randomUUID();
    const startedAt = performance.now();
    const acked = new Promise<unknown>((resolve) => this.#pending.set(envelopeId, resolve));
    ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    const payloadBack = await acked;
    this.#pending.delete(envelopeId);
    return { payload: payloadBack, ms: performance.now() - startedAt };
  }

  /** Waits a moment for the client's own close handshake, then ends whatever is left. */
  async close(): Promise<void> {
    const client = this.#client;
    if (client && client.readyState === WebSocket.OPEN) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        client.once('close', () => (clearTimeout(timer), resolve()));
      });
    }
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
  }
}
