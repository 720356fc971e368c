import assert from 'node:assert/strict';
import { secretForms } from '../security/support/secret-suite';

/** The forms in which an OAuth secret leaks: secretForms with the XOAUTH2 and OAUTHBEARER payloads. */
export function tokenForms(user: string, secret: string): string[] {
  return secretForms(secret, [`user=${user}\x01auth=Bearer ${secret}\x01\x01`, `n,a=${user},\x01auth=Bearer ${secret}\x01\x01`]);
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
