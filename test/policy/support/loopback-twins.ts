import { createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * The same port number listened on at several loopback addresses, each counting what it
 * accepts. Policy and rebinding tests point a name at one address and then at another: with
 * the same port on both, a connection that followed the wrong answer lands on a listening
 * server and is counted, instead of being refused unseen.
 */
export interface CountingServer {
  address: string;
  port: number;
  readonly accepted: number;
  close(): Promise<void>;
}

export type TwinBehaviour = (socket: Socket) => void;

/** Listens on `address:port` (0: any free port); undefined when that port is taken there. */
export async function listenCounting(address: string, port: number, behaviour: TwinBehaviour = () => {}): Promise<CountingServer | undefined> {
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.resume(); // read and drop: a socket with unread data never sees the client's FIN
    behaviour(socket);
  });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, address, () => resolve(true));
  });
  if (!listening) return undefined;
  return {
    address,
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const ATTEMPTS = 20;

/**
 * Starts `first` on a free port, then counting servers on the same port at every other
 * address, retrying with a new port when one of them is taken.
 */
export async function onSamePort<T extends { port: number; close(): Promise<void> }>(
  first: () => Promise<T>,
  others: string[],
  behaviour?: TwinBehaviour,
): Promise<{ first: T; twins: CountingServer[]; close(): Promise<void> }> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const started = await first();
    const twins: CountingServer[] = [];
    for (const address of others) {
      const twin = await listenCounting(address, started.port, behaviour);
      if (!twin) break;
      twins.push(twin);
    }
    const close = async (): Promise<void> => {
      await Promise.all([started.close(), ...twins.map((t) => t.close())]);
    };
    if (twins.length === others.length) return { first: started, twins, close };
    await close();
  }
  throw new Error(`no port free on all of ${others.join(', ')} after ${ATTEMPTS} attempts`);
}

/** Counting servers on one port at every address. */
export async function startLoopbackTwins(addresses: [string, ...string[]], behaviour?: TwinBehaviour): Promise<{ port: number; servers: CountingServer[]; close(): Promise<void> }> {
  const [head, ...rest] = addresses;
  const { first, twins, close } = await onSamePort(async () => {
    const server = await listenCounting(head, 0, behaviour);
    if (!server) throw new Error(`cannot listen on ${head}`);
    return server;
  }, rest, behaviour);
  return { port: first.port, servers: [first, ...twins], close };
}
