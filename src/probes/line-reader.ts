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
  /**
   * Total bytes this reader accepts. Lines wholly inside them are read; after them the read is
   * an `overflow` and the socket stays paused (the rest is never buffered).
   */
  maxTotalBytes: number;
}

const DEFAULT_LIMITS: LineReaderLimits = { maxLineBytes: 8192, maxTotalBytes: 256 * 1024 };
/** Bytes of the first chunks kept for classification (a TLS record, a banner's start). */
const HEAD_BYTES = 64;

interface PendingRead {
  resolve: (read: LineRead) => void;
  timer: NodeJS.Timeout;
}

/**
 * What it reads does not depend on how the bytes were cut into chunks: nothing is dropped, the
 * buffer is bounded by pausing the socket (backpressure) instead, and reads are answered in
 * the order they were asked, so two reads at once get two successive lines.
 */
export class LineReader {
  private buffer: Buffer = Buffer.alloc(0);
  private totalBytes = 0;
  /** Bytes accepted into the buffer (at most maxTotalBytes). */
  private acceptedBytes = 0;
  private ended = false;
  private failure: NodeJS.ErrnoException | undefined;
  private readonly pending: PendingRead[] = [];
  private readonly limits: LineReaderLimits;
  /** The first bytes the server sent, kept to tell a TLS record or garbage from a protocol. */
  readonly head: Buffer[] = [];
  private headBytes = 0;
  /** Paused because the buffer is full; resumed once reads have emptied it. */
  private pausedForBuffer = false;

  private readonly onData = (chunk: Buffer): void => {
    this.totalBytes += chunk.length;
    if (this.headBytes < HEAD_BYTES) {
      const piece = chunk.subarray(0, HEAD_BYTES - this.headBytes);
      this.head.push(piece);
      this.headBytes += piece.length;
    }
    const room = this.limits.maxTotalBytes - this.acceptedBytes;
    const accepted = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
    this.acceptedBytes += accepted.length;
    if (accepted.length) this.buffer = this.buffer.length ? Buffer.concat([this.buffer, accepted]) : accepted;
    if (this.exhausted) {
      this.socket.pause();
    } else if (this.buffer.length > this.bufferLimit) {
      // More unread bytes than any line may have: wait until reads take some (never drop).
      this.pausedForBuffer = true;
      this.socket.pause();
    }
    this.serve();
  };
  private readonly onEnd = (): void => {
    this.ended = true;
    this.serve();
  };
  private readonly onError = (error: NodeJS.ErrnoException): void => {
    this.failure = error;
    this.serve();
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
      const read: PendingRead = {
        resolve,
        timer: setTimeout(() => {
          const index = this.pending.indexOf(read);
          if (index >= 0) this.pending.splice(index, 1);
          resolve({ kind: 'timeout' });
        }, timeoutMs),
      };
      this.pending.push(read);
      this.serve();
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
    if (this.pausedForBuffer) this.socket.resume();
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }

  /** Room for one whole line and its CRLF, plus the start of the next. */
  private get bufferLimit(): number {
    return 2 * this.limits.maxLineBytes + 2;
  }

  /** Every accepted byte is in; what the socket sends past them is not read. */
  private get exhausted(): boolean {
    return this.acceptedBytes >= this.limits.maxTotalBytes && this.totalBytes > this.acceptedBytes;
  }

  /** Answers waiting reads, in order, for as long as there is something to answer with. */
  private serve(): void {
    while (this.pending.length) {
      const result = this.next();
      if (!result) break;
      const read = this.pending.shift()!;
      clearTimeout(read.timer);
      read.resolve(result);
    }
    if (this.pausedForBuffer && this.buffer.length <= this.bufferLimit && !this.exhausted) {
      this.pausedForBuffer = false;
      this.socket.resume();
    }
  }

  /** The next result, or undefined when it has not arrived yet. */
  private next(): LineRead | undefined {
    const newline = this.buffer.indexOf(0x0a);
    if (newline >= 0) {
      if (newline > this.limits.maxLineBytes) return { kind: 'overflow' };
      const line = this.buffer.subarray(0, newline).toString('latin1').replace(/\r$/, '');
      this.buffer = this.buffer.subarray(newline + 1);
      return { kind: 'line', line };
    }
    if (this.buffer.length > this.limits.maxLineBytes || this.exhausted) return { kind: 'overflow' };
    if (this.failure) return { kind: 'error', error: this.failure };
    if (this.ended) return { kind: 'closed' };
    return undefined;
  }
}

/** Printable form of server text for evidence: bounded, control characters escaped. */
export function printable(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\x00-\x08\x0b-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
