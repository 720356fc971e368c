import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { identityFetch } from '../../src/oauth/identity-fetch';
import { OAUTH_ERROR_CODES, OAuthError } from '../../src/oauth/oauth-error';
import { IdentityEndpoints } from '../../src/policy/identity-endpoints';
import { createTestPki } from '../support/certs';

describe('identity requests: allow list, byte cap, deadline', () => {
  const pki = createTestPki();
  let server: Server;
  let base: string;
  let hits: string[];

  before(async () => {
    const { key, cert } = pki.issue({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] });
    server = createServer({ key, cert }, (request, response) => {
      hits.push(request.url ?? '');
      if (request.url === '/token') return void response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"access_token":"t"}');
      if (request.url === '/huge') {
        response.writeHead(200);
        const chunk = 'x'.repeat(16 * 1024);
        for (let i = 0; i < 100; i += 1) response.write(chunk);
        return void response.end();
      }
      if (request.url === '/drip') return void response.writeHead(200).write('{');
      response.writeHead(302, { Location: 'https://169.254.169.254/latest' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => (hits = []));
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const fetchFor = (paths: string[], timeoutMs = 2000, maxBytes?: number) =>
    identityFetch({ endpoints: new IdentityEndpoints(paths.map((p) => `${base}${p}`)), timeoutMs, ca: pki.trusted, ...(maxBytes ? { maxBytes } : {}) });

  async function failure(promise: Promise<unknown>): Promise<OAuthError> {
    const error = await promise.then(() => assert.fail('expected a failure'), (e: unknown) => e);
    assert.ok(error instanceof OAuthError, String(error));
    return error;
  }

  it('answers from an allowed endpoint', async () => {
    const response = await fetchFor(['/token'])(`${base}/token`, { method: 'POST', body: new URLSearchParams({ a: 'b' }) });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { access_token: 't' });
  });

  it('refuses any other endpoint without connecting', async () => {
    const error = await failure(fetchFor(['/token'])(`${base}/other`, { method: 'GET' }));
    assert.equal(error.code, OAUTH_ERROR_CODES.endpointRefused);
    assert.deepEqual(hits, []);
    assert.equal(new IdentityEndpoints([`http://127.0.0.1/token`]).allows('http://127.0.0.1/token'), false, 'plain http is never allowed');
    assert.equal(new IdentityEndpoints([`${base}/token`]).allows(`${base.replace('https://', 'https://u:p@')}/token`), false);
  });

  it('does not follow a redirect', async () => {
    const response = await fetchFor(['/redirect'])(`${base}/redirect`, { method: 'GET' });
    assert.equal(response.status, 302);
    assert.deepEqual(hits, ['/redirect']);
  });

  it('stops reading past the byte cap', async () => {
    const error = await failure(fetchFor(['/huge'], 2000, 64 * 1024)(`${base}/huge`, { method: 'GET' }));
    assert.equal(error.code, OAUTH_ERROR_CODES.network);
    assert.match(error.message, /over 65536 bytes/);
  });

  it('gives up on an answer that never ends', async () => {
    const error = await failure(fetchFor(['/drip'], 300)(`${base}/drip`, { method: 'GET' }));
    assert.equal(error.code, OAUTH_ERROR_CODES.network);
  });
});
