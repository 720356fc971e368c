/**
 * The part of oidc-provider's API the test provider uses. oidc-provider ships no types, and
 * @types/oidc-provider trails its major versions; this names only what test/support calls.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
  }
}
