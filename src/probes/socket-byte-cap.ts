import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../errors/error-codes';
import { MailhelpError } from '../errors/mailhelp-error';

/**
 * A cap on the bytes a library may read from a connection the bot opened. imapflow and
 * nodemailer have limits of their own (set low in the login probes), but those bound one line
 * or one response; a hostile server can still stream many of them. A login, an EHLO or an
 * autoconfig document never needs more than this, so past it the socket is destroyed and the
 * failure says why (`TOO_MUCH_DATA`: a hostile or garbage server).
 *
 * Written by hand: no library counts a socket's bytes for another library. It wraps `emit`
 * rather than adding a 'data' listener, because a listener would switch the socket to flowing
 * mode before the library is ready to read.
 */
export const DEFAULT_BYTE_CAP = 1024 * 1024;

export const TOO_MUCH_DATA = 'TOO_MUCH_DATA' satisfies ErrorCode;

export class TooMuchDataError extends MailhelpError {
  constructor(readonly maxBytes: number) {
    super(TOO_MUCH_DATA, `the server sent more than ${maxBytes} bytes`);
  }
}

export interface ByteCap {
  /** Bytes seen so far. */
  readonly bytes: number;
  /** True once the cap was passed and the socket destroyed. */
  readonly exceeded: boolean;
}

/** Counts what `socket` emits as 'data'; past `maxBytes` destroys it with TooMuchDataError. */
export function capSocketBytes(socket: Duplex, maxBytes = DEFAULT_BYTE_CAP): ByteCap {
  const state = { bytes: 0, exceeded: false };
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  (socket as { emit: (event: string | symbol, ...args: unknown[]) => boolean }).emit = (event, ...args) => {
    if (event === 'data' && !state.exceeded) {
      const chunk = args[0];
      state.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
      if (state.bytes > maxBytes) {
        state.exceeded = true;
        socket.destroy(new TooMuchDataError(maxBytes));
        return false;
      }
    }
    return emit(event, ...args);
  };
  return state;
}
