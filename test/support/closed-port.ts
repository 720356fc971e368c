import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback port where nothing listens, so a connect is refused at once: bound, then released.
 * It is picked below Linux's ephemeral range (32768 and up), because a port from listen(0) can
 * be handed out again at once: to another test file's server in a parallel mocha worker, or as
 * the source port of a connect to itself (TCP simultaneous open), and then the "refused" port
 * answers.
 */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(candidate, host, () => resolve(true));
    });
    if (!bound) continue;
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }
}
