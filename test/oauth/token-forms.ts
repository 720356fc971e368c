import assert from 'node:assert/strict';

/**
 * The forms in which an OAuth secret leaks: plain, base64 (padded or not), inside the SASL
 * XOAUTH2 and OAUTHBEARER payloads the mail servers are sent, URL and JSON escaped.
 */
export function tokenForms(user: string, secret: string): string[] {
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  return [
    ...new Set([
      secret,
      b64(secret),
      b64(secret).replace(/=+$/u, ''),
      b64(`user=${user}\x01auth=Bearer ${secret}\x01\x01`),
      b64(`n,a=${user},\x01auth=Bearer ${secret}\x01\x01`),
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ]),
  ];
}

/** No form of any of `secrets` in any text of any place (logs, store, reports, chat calls). */
export function assertNoSecret(places: Record<string, string[]>, user: string, secrets: Record<string, string>): void {
  for (const [name, secret] of Object.entries(secrets)) {
    assert.ok(secret.length >= 8, `the ${name} to look for is a real one`);
    const forms = tokenForms(user, secret);
    for (const [place, texts] of Object.entries(places)) {
      assert.ok(texts.length > 0, `${place} holds something to search`);
      texts.forEach((text, i) => {
        for (const form of forms) assert.ok(!text.includes(form), `the ${name} (as ${JSON.stringify(form.slice(0, 12))}…) is in ${place}[${i}]`);
      });
    }
  }
}
