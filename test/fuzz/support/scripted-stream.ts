import { PassThrough } from 'node:stream';
import { LineReader, type LineReaderLimits } from '../../../src/probes/line-reader';

/**
 * A LineReader over a PassThrough that plays back what a (fuzzed) server sends: chunks written
 * one per tick, then either an end of stream or silence (the reader's deadline must end that).
 */
export interface Playback {
  chunks: Uint8Array[];
  /** End the stream after the last chunk (else the server just stops talking). */
  end: boolean;
}

export function readerFor(playback: Playback, limits: Partial<LineReaderLimits> = {}): { reader: LineReader; stream: PassThrough; written: () => string } {
  const stream = new PassThrough();
  const sent: Buffer[] = [];
  // What the client writes goes into the same PassThrough; keep it apart by wrapping write.
  const originalWrite = stream.write.bind(stream);
  stream.write = ((chunk: string | Uint8Array) => {
    sent.push(Buffer.from(chunk));
    return true;
  }) as typeof stream.write;
  const reader = new LineReader(stream, limits);
  void (async () => {
    for (const chunk of playback.chunks) {
      await new Promise((resolve) => setImmediate(resolve));
      originalWrite(Buffer.from(chunk));
    }
    if (playback.end) stream.end();
  })();
  return { reader, stream, written: () => Buffer.concat(sent).toString('latin1') };
}
