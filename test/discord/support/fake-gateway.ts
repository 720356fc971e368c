import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Json } from './fake-objects';

/**
 * The Discord gateway on loopback (adapter-testing.md §2.2): HELLO, IDENTIFY → READY and
 * GUILD_CREATE, heartbeats, RECONNECT and RESUME. Plain JSON frames (no zlib-sync installed).
 */
export interface GatewayHooks {
  ready(): Json;
  guildCreate(): Json;
}

export class FakeGateway {
  readonly identifies: Json[] = [];
  readonly resumes: Json[] = [];
  #server: WebSocketServer | undefined;
  #socket: WebSocket | undefined;
  #sequence = 0;
  #connected: (() => void)[] = [];

  constructor(private readonly hooks: GatewayHooks) {}

  async start(): Promise<this> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.#server = server;
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (socket) => this.#accept(socket));
    return this;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  /** Sends a dispatch (op 0) with the next sequence number. */
  dispatch(type: string, data: Json): void {
    this.#send({ op: 0, t: type, s: ++this.#sequence, d: data });
  }

  /** Asks the client to reconnect (op 7), as Discord does during its deploys; resolves once resumed. */
  async reconnect(): Promise<void> {
    const resumed = new Promise<void>((resolve) => this.#connected.push(resolve));
    this.#send({ op: 7, d: null });
    await resumed;
  }

  async stop(): Promise<void> {
    for (const client of this.#server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  #accept(socket: WebSocket): void {
    this.#socket = socket;
    socket.on('error', () => undefined);
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on('message', (raw: Buffer) => this.#receive(socket, JSON.parse(raw.toString('utf8')) as { op: number; d: Json }));
  }

  #receive(socket: WebSocket, frame: { op: number; d: Json }): void {
    switch (frame.op) {
      case 1:
        socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        return;
      case 2:
        this.identifies.push(frame.d);
        this.dispatch('READY', this.hooks.ready());
        this.dispatch('GUILD_CREATE', this.hooks.guildCreate());
        this.#resolveConnected();
        return;
      case 6:
        this.resumes.push(frame.d);
        this.dispatch('RESUMED', {});
        this.#resolveConnected();
        return;
    }
  }

  #resolveConnected(): void {
    for (const resolve of this.#connected.splice(0)) resolve();
  }

  #send(frame: Json): void {
    if (this.#socket?.readyState === 1) this.#socket.send(JSON.stringify(frame));
  }
}
