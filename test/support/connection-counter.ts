import type { Server } from 'node:net';

/**
 * Counts the connections real loopback servers accept, server side: what a Dovecot or Postfix
 * log (and fail2ban reading it) would show of the bot. It wraps the test servers, not the
 * engine, so whatever opens a connection (our probes, imapflow, nodemailer) is counted.
 * For a TLS server 'connection' fires on the TCP accept, before any handshake.
 */
export class ConnectionCounter {
  readonly #byPort = new Map<number, number>();

  /** Counts every connection `server` accepts from now on, under its port. */
  watch(server: Server, port: number): void {
    server.on('connection', () => this.#byPort.set(port, (this.#byPort.get(port) ?? 0) + 1));
  }

  /** Connections accepted on `port` (every address it listens on). */
  accepted(port: number): number {
    return this.#byPort.get(port) ?? 0;
  }

  /** Connections accepted by every watched server. */
  total(): number {
    return [...this.#byPort.values()].reduce((sum, n) => sum + n, 0);
  }

  /** `port: count` of every server that accepted any, for assertion messages. */
  describe(): string {
    return [...this.#byPort].map(([port, n]) => `${port}: ${n}`).join(', ') || 'none';
  }

  reset(): void {
    this.#byPort.clear();
  }
}
