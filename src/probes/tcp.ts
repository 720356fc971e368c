import { Socket, isIP } from 'node:net';
import { type ProbeOptions, msSince, onAbort } from './probe-options';

/**
 * TCP connect to one address, classified the way §1.2 of the error taxonomy splits it:
 * refused (RST / ICMP port unreachable) versus timeout (SYNs dropped) versus ICMP unreachable.
 */
export type TcpFailureCode = 'refused' | 'timeout' | 'host_unreachable' | 'net_unreachable' | 'reset' | 'error';

export type TcpConnect =
  | { ok: true; socket: Socket; ms: number }
  | { ok: false; code: TcpFailureCode; message: string; ms: number };

const ERRNO_CODES: Readonly<Record<string, TcpFailureCode>> = {
  ECONNREFUSED: 'refused',
  // The OS gave up before our own timer did (only with a very long timeoutMs).
  ETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'host_unreachable',
  EHOSTDOWN: 'host_unreachable',
  ENETUNREACH: 'net_unreachable',
  ENETDOWN: 'net_unreachable',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
};

export function tcpFailureCode(error: NodeJS.ErrnoException): TcpFailureCode {
  return ERRNO_CODES[error.code ?? ''] ?? 'error';
}

/**
 * Connects to an IP literal (never a name: the caller checked policy on this exact address, so
 * there must be no re-resolution). A hostname returns code 'error'. Deadline = options.timeoutMs
 * (our own timer, not the OS's 2-minute SYN retries); options.signal destroys the socket, also
 * after a successful connect, for as long as the socket lives.
 */
export function connectTcp(address: string, port: number, options: ProbeOptions): Promise<TcpConnect> {
  const startedAt = performance.now();
  const invalid = validateTarget(address, port);
  if (invalid) return Promise.resolve({ ok: false, code: 'error', message: invalid, ms: msSince(startedAt) });

  return new Promise((resolve) => {
    const socket = new Socket();
    // The socket outlives this call; an 'error' without a listener would crash the process,
    // and network outcomes must never throw. Readers attach their own listeners.
    socket.on('error', () => {});
    let settled = false;
    const settle = (result: TcpConnect): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      resolve(result);
    };
    const fail = (code: TcpFailureCode, message: string): void => {
      socket.destroy();
      settle({ ok: false, code, message, ms: msSince(startedAt) });
    };
    const onConnect = (): void => settle({ ok: true, socket, ms: msSince(startedAt) });
    const onError = (error: NodeJS.ErrnoException): void => fail(tcpFailureCode(error), `${error.code ?? 'error'}: ${error.message}`);
    const timer = setTimeout(() => fail('timeout', `no answer within ${options.timeoutMs} ms`), options.timeoutMs);
    socket.once('connect', onConnect);
    socket.once('error', onError);
    socket.once('close', onAbort(options.signal, () => fail('error', 'aborted')));
    if (!settled) socket.connect({ host: address, port });
  });
}

function validateTarget(address: string, port: number): string | undefined {
  if (isIP(address) === 0) return `not an IP address: ${JSON.stringify(address.slice(0, 100))}`;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `invalid port: ${port}`;
  return undefined;
}
