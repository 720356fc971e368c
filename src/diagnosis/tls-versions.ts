import type { Socket } from 'node:net';
import { readCapabilities } from '../probes/capabilities';
import { readGreeting } from '../probes/greeting';
import { LineReader } from '../probes/line-reader';
import { requestStartTls } from '../probes/starttls';
import { scanTlsVersions, type TlsVersion } from '../probes/tls';
import type { DiagnosisContext } from './context';
import { CONNECTION_LIMIT } from './diagnosis-connections';
import type { Endpoint } from './endpoint';

/**
 * Which TLS versions the server accepts on this endpoint. Every attempt needs a connection that
 * is ready for a ClientHello, which on a STARTTLS port means greeting, capabilities and the
 * upgrade command first. Undefined when an attempt could not connect (the diagnosis's
 * connection cap, or a path that drops connections): a version not tried is not a version refused.
 */
export async function scanEndpointTlsVersions(
  ctx: DiagnosisContext,
  endpoint: Endpoint,
  versions?: readonly TlsVersion[],
): Promise<TlsVersion[] | undefined> {
  const opened: Socket[] = [];
  let capped = false;
  const open = async (): Promise<Socket | undefined> => {
    const ready = await openReadyForHandshake(ctx, endpoint);
    if (ready === CONNECTION_LIMIT) {
      capped = true;
      return undefined;
    }
    if (ready) opened.push(ready);
    return ready;
  };
  try {
    const scan = await scanTlsVersions(open, { ...ctx.step, servername: endpoint.servername, ca: ctx.ca }, versions);
    if (capped) return undefined;
    return (Object.keys(scan) as TlsVersion[]).filter((version) => scan[version]);
  } finally {
    for (const socket of opened) socket.destroy();
  }
}

async function openReadyForHandshake(ctx: DiagnosisContext, endpoint: Endpoint): Promise<Socket | typeof CONNECTION_LIMIT | undefined> {
  const connected = await ctx.connect(endpoint.address, endpoint.port);
  // Not connected at all (the cap, a flaky path): that says nothing about the versions.
  if (!connected.ok) return CONNECTION_LIMIT;
  const socket = connected.socket;
  if (endpoint.security === 'tls') return socket;
  const reader = new LineReader(socket);
  const greeting = await readGreeting(reader, ctx.step);
  if (endpoint.protocol === 'smtp') await readCapabilities(reader, 'smtp', { ...ctx.step, greeting });
  const answer = await requestStartTls(reader, endpoint.protocol, ctx.timeoutMs);
  reader.detach();
  if (answer.kind === 'go') return socket;
  socket.destroy();
  return undefined;
}
