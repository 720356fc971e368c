import net from 'node:net';
import sinon from 'sinon';

/**
 * Records the destination of every outgoing TCP connection this process opens, whichever
 * library opens it (our probes, imapflow, nodemailer, tls.connect): they all end in
 * net.Socket.prototype.connect. It only watches; the connection goes ahead unchanged.
 */
export interface ConnectionSpy {
  /** `host:port` of every connect, in order; the host exactly as the caller passed it. */
  readonly destinations: string[];
  /** Hosts only, de-duplicated. */
  hosts(): string[];
  restore(): void;
}

type ConnectArgs = unknown[];

function destinationOf(args: ConnectArgs): string {
  // net.connect() hands over its already normalized [options, callback] array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; port?: number | string; path?: string };
    if (options.path) return `unix:${options.path}`;
    return `${options.host ?? 'localhost'}:${options.port}`;
  }
  // connect(port, host?, callback?)
  const host = typeof args[1] === 'string' ? args[1] : 'localhost';
  return `${host}:${String(first)}`;
}

export function spyOnConnections(): ConnectionSpy {
  const destinations: string[] = [];
  const original = net.Socket.prototype.connect;
  const stub = sinon.stub(net.Socket.prototype, 'connect').callsFake(function (this: net.Socket, ...args: ConnectArgs) {
    destinations.push(destinationOf(args));
    return (original as (...a: ConnectArgs) => net.Socket).apply(this, args);
  });
  return {
    destinations,
    hosts: () => [...new Set(destinations.map((d) => d.replace(/:[^:]*$/, '')))],
    restore: () => stub.restore(),
  };
}
