import type { Duplex } from 'node:stream';

/**
 * Reads CRLF-terminated lines from a socket with a deadline per read and hard memory bounds.
 *
 * Written by hand because the probes must see the raw server replies of a hostile or broken
 * server (an endless banner, 1 MB of junk, silence), which imapflow and nodemailer hide behind
 * their own errors and timeouts.
 */
export type LineRead =
  | { kind: 'line'; line: string }
  | { kind: 'timeout' }
  | { kind: 'closed' }
  | { kind: 'overflow' }
  | { kind: 'error'; error: NodeJS.ErrnoException };

export interface LineReaderLimits {
  /** A line longer than this ends the read with `overflow`. */
  maxLineBytes: number;
  /** Total bytes this reader accepts before it stops buffering (the socket is paused). */
  maxTotalBytes: number;
}

const DEFAULT_LIMITS: LineReaderLimits = { maxLineBytes: 8192, maxTotalBytes: 256 * 1024 };

export class LineReader {
  private buffer = Buffer.alloc(0);
  private totalBytes = 0;
  private ended = false;
  private failure: NodeJS.ErrnoException | undefined;
  private waiter: (() => void) | undefined;
  private readonly limits: LineReaderLimits;
  /** The first bytes the server sent, kept to tell a TLS record or garbage from a protocol. */
  readonly head: Buffer[] = [];
  private headBytes = 0;

  private readonly onData = (chunk: Buffer): void => {
    this.totalBytes += chunk.length;
    if (this.headBytes < 64) {
      this.head.push(chunk.subarray(0, 64 - this.headBytes));
      this.headBytes += Math.min(chunk.length, 64);
    }
    if (this.buffer.length < this.limits.maxLineBytes * 2) {
      this.buffer = Buffer.concat([this.buffer, chunk]);
    }
    if (this.totalBytes > this.limits.maxTotalBytes) this.socket.pause();
    this.wake();
  };
  private readonly onEnd = (): void => {
    this.ended = true;
    this.wake();
  };
  private readonly onError = (error: NodeJS.ErrnoException): void => {
    this.failure = error;
    this.wake();
  };

  constructor(
    private readonly socket: Duplex,
    limits: Partial<LineReaderLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  /** Bytes received so far (including those not yet read as lines). */
  get bytesReceived(): number {
    return this.totalBytes;
  }

  /** The first bytes received, for classification. */
  headBytesReceived(): Buffer {
    return Buffer.concat(this.head);
  }

  /** Resolves with the next line (without CRLF), or why there is none, within `timeoutMs`. */
  readLine(timeoutMs: number): Promise<LineRead> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      const finish = (result: LineRead): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(result);
      };
      const attempt = (): void => {
        const newline = this.buffer.indexOf(0x0a);
        if (newline >= 0) {
          if (newline > this.limits.maxLineBytes) return finish({ kind: 'overflow' });
          const line = this.buffer.subarray(0, newline).toString('latin1').replace(/\r$/, '');
          this.buffer = this.buffer.subarray(newline + 1);
          return finish({ kind: 'line', line });
        }
        if (this.buffer.length > this.limits.maxLineBytes) return finish({ kind: 'overflow' });
        if (this.failure) return finish({ kind: 'error', error: this.failure });
        if (this.ended) return finish({ kind: 'closed' });
        this.waiter = attempt;
      };
      attempt();
    });
  }

  /** Writes one command line. */
  writeLine(line: string): void {
    if (!this.socket.destroyed) this.socket.write(`${line}\r\n`);
  }

  /**
   * Stops listening so the socket can be handed to TLS. Returns bytes that arrived after the
   * last line read: anything there before a TLS handshake is an injection (CVE-2011-0411).
   */
  detach(): Buffer {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }

  private wake(): void {
    this.waiter?.();
  }
}

/** Printable form of server text for evidence: bounded, control characters escaped. */
export function printable(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\x00-\x08\x0b-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
