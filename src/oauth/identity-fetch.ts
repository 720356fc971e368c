import { request as httpsRequest } from 'node:https';
import type { IdentityEndpoints } from '../policy/identity-endpoints';
import { OAUTH_ERROR_CODES, OAuthError } from './oauth-error';

/**
 * The `fetch` openid-client uses for every call to an identity provider (its `customFetch`
 * hook). Written on node:https rather than the global fetch because only here can each
 * request be held to the allow list of identity endpoints, a byte cap and a deadline, and
 * trust a given CA (tests; production uses Node's store plus NODE_EXTRA_CA_CERTS). Redirects
 * are never followed (openid-client asks for `redirect: 'manual'` anyway).
 */
export interface IdentityFetchOptions {
  endpoints: IdentityEndpoints;
  /** Deadline of one request, from connect to the last byte. */
  timeoutMs: number;
  /** Largest answer read (token responses are a few KiB). */
  maxBytes?: number;
  /** CA certificates replacing Node's default store (tests). */
  ca?: string[];
}

export const DEFAULT_IDENTITY_MAX_BYTES = 64 * 1024;

export type IdentityFetch = (url: string, init: { body?: unknown; headers?: Record<string, string>; method?: string; signal?: AbortSignal | null }) => Promise<Response>;

export function identityFetch(options: IdentityFetchOptions): IdentityFetch {
  const maxBytes = options.maxBytes ?? DEFAULT_IDENTITY_MAX_BYTES;
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      if (!options.endpoints.allows(url)) {
        return reject(new OAuthError(OAUTH_ERROR_CODES.endpointRefused, `identity endpoint not on the allow list: ${new URL(url).origin}`));
      }
      const body = bodyBytes(init.body);
      const request = httpsRequest(url, {
        method: init.method ?? 'GET',
        headers: { ...init.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
        ...(options.ca ? { ca: options.ca } : {}),
        timeout: options.timeoutMs,
      });
      const fail = (message: string, cause?: unknown): void => {
        request.destroy();
        reject(new OAuthError(OAUTH_ERROR_CODES.network, message, cause !== undefined ? { cause } : {}));
      };
      const deadline = setTimeout(() => fail(`no answer from the identity provider within ${options.timeoutMs} ms`), options.timeoutMs);
      const onAbort = (): void => {
        request.destroy();
        reject(new OAuthError(OAUTH_ERROR_CODES.aborted, 'identity request cancelled'));
      };
      init.signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = (): void => {
        clearTimeout(deadline);
        init.signal?.removeEventListener('abort', onAbort);
      };
      request.on('timeout', () => fail(`identity provider idle for ${options.timeoutMs} ms`));
      request.on('error', (error) => {
        cleanup();
        reject(error instanceof OAuthError ? error : new OAuthError(OAUTH_ERROR_CODES.network, `identity provider unreachable: ${error.message}`, { cause: error }));
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            cleanup();
            fail(`identity provider answer over ${maxBytes} bytes`);
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', (error) => {
          cleanup();
          fail(`identity provider answer cut off: ${error.message}`, error);
        });
        response.on('end', () => {
          cleanup();
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value === undefined) continue;
            for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
          }
          const status = response.statusCode ?? 500;
          // Response refuses a body on these statuses.
          const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(payload, { status, headers }));
        });
      });
      request.end(body);
    });
}

function bodyBytes(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new OAuthError(OAUTH_ERROR_CODES.network, 'unsupported request body for an identity request');
}
