import { describeSettings, type Protocol } from '../settings/server-settings';
import type { Conflict, DiscoverySource } from './discovery-result';
import { settingsKey, SOURCE_ORDER } from './rank';
import type { Found } from './source-context';

/**
 * Two sources conflict for a protocol when both publish it and have no setting in common
 * (e.g. SRV says mail.acme.com:993, autoconfig says imap.acme.com:993). Shown, never hidden:
 * one of them is stale, and the user's app may follow either.
 */
export function findConflicts(found: readonly Found[]): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const protocol of ['imap', 'pop3', 'smtp'] as const) {
    const bySource = groupBySource(found, protocol);
    const sources = [...bySource.keys()].sort((a, b) => SOURCE_ORDER.indexOf(a) - SOURCE_ORDER.indexOf(b));
    const disagreeing = new Set<DiscoverySource>();
    for (const [i, a] of sources.entries()) {
      for (const b of sources.slice(i + 1)) {
        const keysA = new Set(bySource.get(a)!.map((f) => settingsKey(f.settings)));
        if (!bySource.get(b)!.some((f) => keysA.has(settingsKey(f.settings)))) {
          disagreeing.add(a);
          disagreeing.add(b);
        }
      }
    }
    if (disagreeing.size === 0) continue;
    conflicts.push({
      protocol,
      views: sources.filter((s) => disagreeing.has(s)).map((source) => ({ source, settings: { ...bySource.get(source)![0]!.settings } })),
    });
  }
  return conflicts;
}

/** One line per conflict, for logs and JSON readers: "imap: srv mail.acme.com:993 (tls) vs autoconfig ...". */
export function describeConflict(conflict: Conflict): string {
  return `${conflict.protocol}: ${conflict.views.map((v) => `${v.source} ${describeSettings(v.settings)}`).join(' vs ')}`;
}

function groupBySource(found: readonly Found[], protocol: Protocol): Map<DiscoverySource, Found[]> {
  const groups = new Map<DiscoverySource, Found[]>();
  for (const item of found) {
    if (item.settings.protocol !== protocol) continue;
    const group = groups.get(item.source) ?? [];
    group.push(item);
    groups.set(item.source, group);
  }
  return groups;
}
