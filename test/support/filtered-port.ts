import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { type Socket, connect } from 'node:net';

/**
 * A real filtered port on a loopback address (127.0.0.1 unless told) without root or iptables.
 *
 * Linux drops (does not answer) a SYN for a listening socket whose accept queue is full. Node's
 * net.Server always accepts, so a python3 child binds with listen(0) and never calls accept();
 * once a filler connection or two sit in the queue, further connects time out exactly like a
 * firewall's DROP. start() proves that before returning, so a test never passes by accident.
 */
export interface FilteredPort {
  port: number;
  close(): Promise<void>;
}

// Reads stdin until EOF so the child dies with the test process even if close() never runs.
const PYTHON = [
  'import socket, sys',
  's = socket.socket(socket.AF_INET, socket.SOCK_STREAM)',
  "s.bind((sys.argv[1], 0))",
  's.listen(0)',
  'print(s.getsockname()[1], flush=True)',
  'sys.stdin.read()',
].join('\n');

const MAX_FILLERS = 8;
const PROBE_MS = 400;

export async function startFilteredPort(host = '127.0.0.1'): Promise<FilteredPort> {
  const child = spawn('python3', ['-c', PYTHON, host], { stdio: ['pipe', 'pipe', 'pipe'] });
  const fillers: Socket[] = [];
  const close = async (): Promise<void> => {
    for (const socket of fillers) socket.destroy();
    await stopChild(child);
  };
  try {
    const port = await readPort(child);
    await fillAcceptQueue(host, port, fillers);
    return { port, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function readPort(child: ChildProcessWithoutNullStreams): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = Number(out.split('\n')[0]);
      if (out.includes('\n') && port > 0) resolve(port);
    });
    child.once('error', (error) => reject(new Error(`cannot start python3 for a filtered port: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`python3 exited (${code}) before listening: ${err.trim()}`)));
  });
}

/** Connects fillers until one attempt is not answered: from then on, SYNs are dropped. */
async function fillAcceptQueue(host: string, port: number, fillers: Socket[]): Promise<void> {
  for (let i = 0; i < MAX_FILLERS; i++) {
    const socket = connect({ host, port });
    socket.on('error', () => {});
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), PROBE_MS);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!connected) {
      socket.destroy();
      return;
    }
    fillers.push(socket);
  }
  throw new Error(`filtered port: ${MAX_FILLERS} connections were all accepted, this kernel does not drop SYNs on a full queue`);
}

function stopChild(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin.end();
    child.kill();
  });
}
