import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { capSocketBytes, TOO_MUCH_DATA } from '../../src/probes/socket-byte-cap';
import { stream } from '../support/hostile-mail-servers';

/** The byte cap on sockets handed to libraries: counts what is read, destroys past the cap. */
describe('probes/socket-byte-cap', function () {
  it('a server streaming without end: the socket is destroyed with TOO_MUCH_DATA just past the cap', async function () {
    let pushed = 0;
    const server = createServer((socket: Socket) => {
      socket.on('error', () => {});
      socket.on('close', () => (pushed = socket.bytesWritten));
      stream(socket, Buffer.alloc(16 * 1024, 'A'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const cap = capSocketBytes(client, 256 * 1024);
    let seen = 0;
    client.on('data', (chunk: Buffer) => (seen += chunk.length));
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => client.on('error', resolve));
    assert.equal(error.code, TOO_MUCH_DATA);
    assert.ok(cap.exceeded);
    assert.ok(seen <= 256 * 1024, `the reader saw ${seen} bytes`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.ok(pushed < 16 * 1024 * 1024, `the server pushed ${pushed} bytes`);
  });

  it('below the cap nothing changes', async function () {
    const server = createServer((socket: Socket) => socket.end('hello\r\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const cap = capSocketBytes(client, 1024);
    let text = '';
    client.setEncoding('utf8').on('data', (d: string) => (text += d));
    await new Promise((resolve) => client.on('close', resolve));
    server.close();
    assert.equal(text, 'hello\r\n');
    assert.equal(cap.bytes, 7);
    assert.equal(cap.exceeded, false);
  });
});
