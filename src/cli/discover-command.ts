import { labelled } from '../i18n/labelled';
import { diagnoseOptionsFromEnv } from '../config/environment';
import { DEFAULT_TIMEOUT_MS, type DiagnoseOptions } from '../diagnosis/diagnose-request';
import { domainFailureFinding } from '../diagnosis/email-domain';
import { localizeFinding } from '../diagnosis/localize';
import type { Finding } from '../diagnosis/report';
import { discover } from '../discovery/discover';
import type { DiscoveryOptions } from '../discovery/discovery-options';
import type { Candidate, DiscoveryResult } from '../discovery/discovery-result';
import { LANGUAGES, matchLanguage, translator, type Translate } from '../i18n/translator';
import { TargetPolicy } from '../policy/target-policy';
import { InvalidInputError } from '../settings/invalid-input';
import { parseEmail } from '../settings/parse-settings';
import type { AccountSettings } from '../settings/server-settings';
import { parseDnsServer, parseTimeout } from './diagnose-args';
import type { CommandIo } from './diagnose-command';
import { helpText } from './help-text';
import { parseFlags } from './parse-flags';

const FLAGS = {
  json: { type: 'boolean' },
  'dns-server': { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'allow-net': { type: 'string', multiple: true },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `mailhelp discover EMAIL`: the ranked settings and their sources. Exit 0 when found, 1 when nothing was. */
export async function runDiscover(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, 'discover');
  if (values.help) {
    io.stdout.write(`${helpText('discover', translator(values.lang ?? io.env.MAILHELP_LANG))}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new InvalidInputError('cli:discover.email_needed');
  const email = parseEmail(positionals[0]!);
  const options: DiagnoseOptions = {
    ...diagnoseOptionsFromEnv(io.env),
    ...(values.timeout !== undefined ? { timeoutMs: parseTimeout(values.timeout) } : {}),
    ...(values['dns-server'] ? { dnsServers: values['dns-server'].map(parseDnsServer) } : {}),
    ...(values['allow-net'] ? { allowNets: values['allow-net'] } : {}),
  };
  new TargetPolicy(options); // throws InvalidNetworkError for a bad CIDR
  const requested = values.lang ?? io.env.MAILHELP_LANG ?? 'en';
  const language = matchLanguage(requested);
  if (!language) throw new InvalidInputError('cli:invalid.language', { lang: requested, languages: LANGUAGES.join(', ') });

  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    const result = await discover(email, discoveryOptions(options, controller.signal));
    const t = translator(language);
    if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout.write(`${renderDiscoveryText(result, t, await domainProblem(result, options, controller.signal, t))}\n`);
    return result.notFound ? 1 : 0;
  } finally {
    process.off('SIGINT', stop);
  }
}

/** The diagnosis options that also govern discovery: deadline, resolvers, policy, trust. */
export function discoveryOptions(options: DiagnoseOptions, signal?: AbortSignal): DiscoveryOptions {
  return {
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.dnsServers && { dnsServers: options.dnsServers }),
    ...(options.allowNets && { allowNets: options.allowNets }),
    ...(options.allowPorts && { allowPorts: options.allowPorts }),
    ...(options.ca && { ca: options.ca }),
    ...(signal && { signal }),
  };
}

/**
 * For `mailhelp diagnose EMAIL` without server flags: the best discovered incoming and outgoing
 * settings. When nothing was found the settings hold the address alone, and the engine diagnoses
 * its domain (a typo, DNS failing, nothing published). Only a server on the user's own computer
 * is bad input (exit 2): the bot cannot test it from here.
 */
export async function settingsFromDiscovery(email: string, options: DiagnoseOptions): Promise<{ settings: AccountSettings; result: DiscoveryResult }> {
  const result = await discover(email, discoveryOptions(options, options.signal));
  const usable = (list: Candidate[]) => list.find((c) => !c.caveats?.includes('local_only'))?.settings;
  const incoming = usable(result.incoming);
  const outgoing = usable(result.outgoing);
  if (!incoming && !outgoing) {
    const localOnly = [...result.incoming, ...result.outgoing].some((c) => c.caveats?.includes('local_only'));
    if (localOnly) throw new InvalidInputError('cli:discover.local_only_diagnose', { provider: result.provider?.name ?? result.domain });
  }
  return { settings: { email, ...(incoming && { incoming }), ...(outgoing && { outgoing }) }, result };
}

/** One line before a diagnosis of discovered settings: where they came from. */
export function discoveryNote(result: DiscoveryResult, t: Translate): string {
  const sources = [...new Set([...result.incoming, ...result.outgoing].flatMap((c) => c.sources))];
  return t('cli:discover.using', { domain: result.domain, sources: sources.map((s) => t(`cli:discover.source.${s}`)).join(', ') });
}

/**
 * Nothing found because DNS could not read the domain: the diagnosis's own finding for it, in
 * the same words a report uses (a domain that does not exist, with "did you mean"; SERVFAIL; the
 * bot's resolver not answering), so discover never says "nothing published" of a DNS failure.
 */
async function domainProblem(result: DiscoveryResult, options: DiagnoseOptions, signal: AbortSignal, t: Translate): Promise<Finding | undefined> {
  const lookup = result.domainLookup;
  if (!result.notFound || !lookup || lookup.ok) return undefined;
  const dns = { servers: options.dnsServers ?? [], timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal };
  const raw = await domainFailureFinding(lookup, result.domain, result.email, dns);
  return raw && localizeFinding(raw, t);
}

/** The discovery for a person at a terminal; `problem` is why DNS could not read the domain. */
export function renderDiscoveryText(result: DiscoveryResult, t: Translate, problem?: Finding): string {
  const lines = [t('cli:discover.title', { domain: result.domain })];
  if (result.provider) lines.push(t('cli:discover.provider', { name: result.provider.name }));
  if (problem) lines.push('', `✗ ${problem.evidence}`, `  ${problem.fix?.summary ?? ''}`, ...(problem.fix?.steps ?? []).map((step) => `  - ${step}`));
  else if (result.notFound) lines.push('', t('cli:discover.not_found', { domain: result.domain }));
  for (const target of ['incoming', 'outgoing'] as const) {
    const candidates = result[target];
    if (candidates.length === 0) continue;
    lines.push('', labelled(t, t(`cli:target.${target}`)));
    for (const [i, c] of candidates.entries()) lines.push(...candidateLines(c, i + 1, t));
  }
  if (result.provider?.tripUps?.length) {
    lines.push('', labelled(t, t('cli:discover.trip_ups')));
    for (const trip of result.provider.tripUps) lines.push(`  ! ${t(`cli:discover.trip.${trip.kind}`)}${trip.url ? ` ${trip.url}` : ''}`);
  }
  if (result.conflictDetails?.length) {
    lines.push('', labelled(t, t('cli:discover.conflicts')));
    for (const conflict of result.conflictDetails) {
      const views = conflict.views.map((v) => `${labelled(t, t(`cli:discover.source.${v.source}`))} ${v.settings.host}:${v.settings.port} ${t(`cli:security.${v.settings.security}`)}`);
      lines.push(`  ${conflict.protocol.toUpperCase()}: ${views.join(' ≠ ')}`);
    }
  }
  lines.push('', labelled(t, t('cli:discover.reports')));
  for (const report of result.reports ?? []) {
    lines.push(`  ${t(`cli:discover.source.${report.source}`).padEnd(22)} ${t(`cli:discover.status.${report.status}`).padEnd(14)} ${String(report.ms).padStart(5)} ms`);
    for (const a of report.attempts.filter((x) => !x.ok && x.problem !== 'nxdomain')) {
      lines.push(`      ${a.target}: ${t(`cli:discover.problem.${a.problem}`)} (${a.detail})`);
    }
  }
  lines.push('', t('cli:report.duration', { ms: result.durationMs }));
  return lines.join('\n');
}

function candidateLines(c: Candidate, rank: number, t: Translate): string[] {
  const s = c.settings;
  const sources = c.sources.map((source) => t(`cli:discover.source.${source}`)).join(', ');
  const lines = [
    `  ${rank}. ${t('cli:discover.candidate', { protocol: s.protocol.toUpperCase(), host: s.host, port: s.port, security: t(`cli:security.${s.security}`), sources })}`,
    `     ${t('cli:discover.origin', { origin: (c.origins ?? [c.origin]).join('; ') })}`,
  ];
  if (c.username) lines.push(`     ${t('cli:discover.username', { username: c.username })}`);
  for (const caveat of c.caveats ?? []) lines.push(`     ! ${t(`cli:discover.caveat.${caveat}`)}`);
  return lines;
}
