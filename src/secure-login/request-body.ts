import type { IncomingMessage } from 'node:http';
import { MailhelpError } from '../errors/mailhelp-error';

/**
 * Reads a small urlencoded form body. The page posts two short fields; anything bigger or of
 * another type is refused before it is buffered, so nobody can make the bot hold megabytes.
 */
export const MAX_FORM_BYTES = 8 * 1024;

export class FormBodyError extends MailhelpError {
  constructor(readonly status: 400 | 413 | 415, message: string) {
    super('FORM_BODY_INVALID', message);
  }
}

export async function readForm(request: IncomingMessage, maxBytes = MAX_FORM_BYTES): Promise<URLSearchParams> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new FormBodyError(415, 'expected a form post');
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new FormBodyError(413, 'form too large');

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      for (const c of chunks) c.fill(0);
      throw new FormBodyError(413, 'form too large');
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const text = body.toString('utf8');
  // The body holds the password: wipe the buffers we own once it has been read as text.
  body.fill(0);
  for (const c of chunks) c.fill(0);
  return new URLSearchParams(text);
}
