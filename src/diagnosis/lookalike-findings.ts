import { lookalikeHost } from '../settings/host-names';
import type { AccountSettings, Target } from '../settings/server-settings';
import { finding, type RawFinding } from './raw-finding';

/**
 * A server name (or the email's domain) that a person could take for another one: letters of
 * two alphabets in one label (a Cyrillic `а` in `pаypal.com`), a label written only in letters
 * that look Latin, or letters of a script names do not use. The checks still run (the name may
 * be right); the warning says which letters to look at, on every surface alike.
 */
export function lookalikeFindings(settings: AccountSettings): RawFinding[] {
  const seen = new Set<string>();
  const named: { target: Target | 'account'; host: string }[] = [
    ...(['incoming', 'outgoing'] as const).flatMap((target) => (settings[target] ? [{ target, host: settings[target].host }] : [])),
    ...(settings.email?.includes('@') ? [{ target: 'account' as const, host: settings.email.slice(settings.email.lastIndexOf('@') + 1) }] : []),
  ];
  const findings: RawFinding[] = [];
  for (const { target, host } of named) {
    if (seen.has(host)) continue;
    seen.add(host);
    const lookalike = lookalikeHost(host);
    if (!lookalike) continue;
    findings.push(
      finding('input.lookalike_host', 'warning', target, { host, label: lookalike.label, letters: lookalike.letters.join(' '), scripts: lookalike.scripts.join(',') }, { variant: lookalike.kind }),
    );
  }
  return findings;
}
