import assert from 'node:assert/strict';
import { Writable } from 'node:stream';

/** What pino writes, one line per entry, as the raw text and as parsed objects. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  /** The first entry with this message; fails the test, showing the whole log, when there is none. */
  find(message: string): Record<string, any> {
    const line = this.lines.map((l) => JSON.parse(l) as Record<string, any>).find((l) => l.msg === message);
    assert.ok(line, `no log line "${message}" in:\n${this.text}`);
    return line;
  }
}
