/** The few cookie operations the password page needs: read one, and build the CSRF cookie. */
export const CSRF_COOKIE = 'mailhelp_csrf';

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * SameSite=Strict: a browser never sends it with a request started on another site, so a
 * cross-site form post arrives without it and is refused. Scoped to the one link's path and
 * gone when the link would be.
 */
export function csrfCookie(value: string, options: { path: string; maxAgeSeconds: number; https: boolean }): string {
  return [
    `${CSRF_COOKIE}=${value}`,
    `Path=${options.path}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(options.https ? ['Secure'] : []),
  ].join('; ');
}
