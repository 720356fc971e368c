/**
 * The identity side of the target policy: the only HTTPS endpoints the bot calls to get a
 * token. Mail probes go wherever a user points them (within the address policy); identity
 * requests go only to the endpoints of the configured providers (built-in Microsoft and Google,
 * or an admin's own), compared exactly on scheme, host, port and path. A redirect or a user's
 * input can therefore never make the bot post a device code or a client secret anywhere else.
 */
export class IdentityEndpoints {
  readonly #allowed: ReadonlySet<string>;

  constructor(urls: Iterable<string>) {
    this.#allowed = new Set([...urls].map((url) => endpointKey(new URL(url))).filter((key): key is string => key !== undefined));
  }

  /** Whether `url` is one of the allowed endpoints (the query string does not matter). */
  allows(url: string | URL): boolean {
    let parsed: URL;
    try {
      parsed = typeof url === 'string' ? new URL(url) : url;
    } catch {
      return false;
    }
    const key = endpointKey(parsed);
    return key !== undefined && this.#allowed.has(key);
  }

  get size(): number {
    return this.#allowed.size;
  }
}

/** https only; user info in a URL is refused outright (it would be sent as credentials). */
function endpointKey(url: URL): string | undefined {
  if (url.protocol !== 'https:' || url.username || url.password) return undefined;
  return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
}
