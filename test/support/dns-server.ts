/**
 * A small authoritative DNS server on loopback, for tests and the benchmark.
 *
 * It answers from a plain object so a test reads like a zone file, speaks UDP and TCP on the
 * same port (c-ares retries over TCP when a UDP answer is truncated), and can misbehave per
 * name so resolver failures can be produced for real instead of mocked.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import * as packet from 'dns-packet';

export interface NameRecords {
  A?: string[];
  AAAA?: string[];
  MX?: { exchange: string; priority: number }[];
  SRV?: { target: string; port: number; priority?: number; weight?: number }[];
  /** Each entry is one TXT record; an array is one record made of several strings. */
  TXT?: (string | string[])[];
  NS?: string[];
}

/** Owner name (no trailing dot, any case) -> records. Read at query time, so tests may edit it. */
export type ZoneRecords = Record<string, NameRecords>;

/**
 * How to misbehave for a name: answer SERVFAIL or REFUSED, stay silent, or force TCP by
 * truncating the UDP answer. The key '*' applies to every name without its own entry.
 */
export type Misbehaviour = 'servfail' | 'refused' | 'drop' | 'truncate';

export interface DnsServerOptions {
  host?: string;
  /** 0 picks a free port; the same port is used for UDP and TCP. */
  port?: number;
  records: ZoneRecords;
  behaviour?: Record<string, Misbehaviour>;
  /** Delay before every answer, to imitate a slow resolver. */
  delayMs?: number;
}

export interface TestDnsServer {
  address: string;
  port: number;
  /** 'IP:PORT', ready for DnsOptions.servers. */
  server: string;
  /** Queries received so far, UDP and TCP. */
  readonly queries: number;
  /** Every query received, in order, for tests that check what was asked. */
  readonly log: { name: string; type: string; transport: 'udp' | 'tcp' }[];
  close(): Promise<void>;
}

type SupportedType = keyof NameRecords;
const SUPPORTED: readonly SupportedType[] = ['A', 'AAAA', 'MX', 'SRV', 'TXT', 'NS'];
const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;
const CLASSIC_UDP_LIMIT = 512;

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function lookup(records: ZoneRecords, name: string): NameRecords | undefined {
  for (const [owner, data] of Object.entries(records)) {
    if (normalise(owner) === name) return data;
  }
  return undefined;
}

/** An empty non-terminal (a parent of an existing name) exists, so it is NODATA, not NXDOMAIN. */
function nameExists(records: ZoneRecords, name: string): boolean {
  return Object.keys(records).some((owner) => {
    const n = normalise(owner);
    return n === name || n.endsWith(`.${name}`);
  });
}

function answersFor(name: string, type: SupportedType, data: NameRecords): packet.Answer[] {
  const base = { name, ttl: 60, class: 'IN' as const };
  switch (type) {
    case 'A':
    case 'AAAA':
    case 'NS':
      return (data[type] ?? []).map((value) => ({ ...base, type, data: value }));
    case 'MX':
      return (data.MX ?? []).map((mx) => ({
        ...base, type, data: { exchange: mx.exchange, preference: mx.priority },
      }));
    case 'SRV':
      return (data.SRV ?? []).map((srv) => ({
        ...base, type, data: { target: srv.target, port: srv.port, priority: srv.priority ?? 0, weight: srv.weight ?? 0 },
      }));
    case 'TXT':
      return (data.TXT ?? []).map((txt) => ({ ...base, type, data: txt }));
  }
}

function udpLimit(query: packet.DecodedPacket): number {
  const opt = query.additionals?.find((a): a is packet.OptAnswer => a.type === 'OPT');
  return Math.max(CLASSIC_UDP_LIMIT, opt?.udpPayloadSize ?? CLASSIC_UDP_LIMIT);
}

export async function startDnsServer(options: DnsServerOptions): Promise<TestDnsServer> {
  const host = options.host ?? '127.0.0.1';
  const log: TestDnsServer['log'] = [];

  /** Returns the encoded reply, or undefined to stay silent. */
  function reply(query: packet.DecodedPacket, transport: 'udp' | 'tcp'): Buffer | undefined {
    const question = query.questions?.[0];
    if (!question) return undefined;
    const name = normalise(question.name);
    log.push({ name, type: question.type, transport });
    const misbehaviour = options.behaviour?.[name] ?? options.behaviour?.['*'];
    if (misbehaviour === 'drop') return undefined;

    let rcode: number = RCODE.NOERROR;
    let answers: packet.Answer[] = [];
    if (misbehaviour === 'servfail') rcode = RCODE.SERVFAIL;
    else if (misbehaviour === 'refused') rcode = RCODE.REFUSED;
    else if (!nameExists(options.records, name)) rcode = RCODE.NXDOMAIN;
    else if (SUPPORTED.includes(question.type as SupportedType)) {
      const data = lookup(options.records, name);
      if (data) answers = answersFor(question.name, question.type as SupportedType, data);
    }

    const flags = packet.AUTHORITATIVE_ANSWER | (query.flags ?? 0) & packet.RECURSION_DESIRED | rcode;
    const response: packet.Packet = { type: 'response', id: query.id ?? 0, flags, questions: [question], answers };
    const encoded = packet.encode(response);
    const mustTruncate = transport === 'udp' && (misbehaviour === 'truncate' || encoded.length > udpLimit(query));
    if (!mustTruncate) return encoded;
    return packet.encode({ ...response, flags: flags | packet.TRUNCATED_RESPONSE, answers: [] });
  }

  function later(send: () => void): void {
    if (options.delayMs) setTimeout(send, options.delayMs);
    else send();
  }

  function onUdpMessage(udp: dgram.Socket, message: Buffer, peer: dgram.RemoteInfo): void {
    let query: packet.DecodedPacket;
    try {
      query = packet.decode(message);
    } catch {
      return; // not DNS: a real server ignores it too
    }
    const answer = reply(query, 'udp');
    if (answer) later(() => udp.send(answer, peer.port, peer.address));
  }

  const sockets = new Set<net.Socket>();
  function onTcpConnection(socket: net.Socket): void {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      // Several queries may share one connection, each prefixed with its 2-byte length.
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        let query: packet.DecodedPacket;
        try {
          query = packet.decode(message);
        } catch {
          socket.destroy();
          return;
        }
        const answer = reply(query, 'tcp');
        if (answer) {
          const framed = Buffer.concat([Buffer.from([answer.length >> 8, answer.length & 0xff]), answer]);
          later(() => socket.writable && socket.write(framed));
        }
      }
    });
  }

  const { udp, tcp, port } = await bindBoth(host, options.port ?? 0, onUdpMessage, onTcpConnection);
  const server = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  return {
    address: host,
    port,
    server,
    get queries() {
      return log.length;
    },
    log,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

/**
 * Binds UDP first, then TCP on the same port. With port 0 the TCP side of the port UDP got may
 * be taken by another process, so a fresh pair is tried a few times.
 */
async function bindBoth(
  host: string,
  wanted: number,
  onMessage: (udp: dgram.Socket, message: Buffer, peer: dgram.RemoteInfo) => void,
  onConnection: (socket: net.Socket) => void,
): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  for (let attempt = 0; ; attempt++) {
    const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    udp.on('message', (message, peer) => onMessage(udp, message, peer));
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(wanted, host, () => {
        udp.off('error', reject);
        resolve(udp.address().port);
      });
    });
    const tcp = net.createServer(onConnection);
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, host, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      return { udp, tcp, port };
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (wanted !== 0 || attempt >= 5) throw error;
    }
  }
}
