import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real SMTP server that rewrites the conversation the way a Cisco
 * ASA/PIX with ESMTP inspection does (Cisco ASA configuration guide, "Defaults for ESMTP
 * Inspection"; Cisco documents 118550 and 113423):
 * - `maskBanner`: every character of the greeting's text but the 2s and 0s becomes `*`;
 * - `maskStartTls`: the STARTTLS keyword of the EHLO answer becomes `XXXXXXXA`;
 * - `rewriteStartTls`: a STARTTLS command reaches the server as `XXXXXXXX`, so the server
 *   answers that it does not know the command.
 * Lines are rewritten whole, in both directions, as they pass; nothing else is changed.
 */
export interface InspectionOptions {
  maskBanner?: boolean;
  maskStartTls?: boolean;
  rewriteStartTls?: boolean;
}

export interface InspectionProxy {
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startInspectionProxy(upstreamPort: number, options: InspectionOptions, host = '127.0.0.1'): Promise<InspectionProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
    let greeted = false;
    // After a STARTTLS the server accepted, the bytes are TLS: passed on untouched.
    const state = { startTlsSent: false, raw: false };
    pipeLines(upstream, client, state, (line) => {
      if (!greeted && /^220[ -]/.test(line)) {
        if (/^220 /.test(line)) greeted = true;
        return options.maskBanner ? `${line.slice(0, 4)}${line.slice(4).replace(/[^20\r\n]/g, '*')}` : line;
      }
      if (state.startTlsSent && /^220 /.test(line)) state.raw = true;
      return options.maskStartTls ? line.replace(/^(250[ -])STARTTLS\b/i, '$1XXXXXXXA') : line;
    });
    pipeLines(client, upstream, state, (line) => {
      if (!/^STARTTLS\b/i.test(line)) return line;
      if (options.rewriteStartTls) return line.replace(/^STARTTLS/i, 'XXXXXXXX');
      state.startTlsSent = true;
      return line;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    server,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Forwards `from` to `to` line by line (CRLF kept), each line through `rewrite`. */
function pipeLines(from: Socket, to: Socket, state: { raw: boolean }, rewrite: (line: string) => string): void {
  let pending = '';
  from.on('data', (chunk: Buffer) => {
    if (state.raw) {
      if (to.writable) to.write(chunk);
      return;
    }
    pending += chunk.toString('latin1');
    let end = pending.indexOf('\n');
    while (end >= 0) {
      const line = pending.slice(0, end + 1);
      pending = pending.slice(end + 1);
      if (to.writable) to.write(Buffer.from(rewrite(line), 'latin1'));
      end = pending.indexOf('\n');
      if (state.raw) {
        if (pending && to.writable) to.write(Buffer.from(pending, 'latin1'));
        pending = '';
        return;
      }
    }
  });
  from.on('end', () => to.end());
}
