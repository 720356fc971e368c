import type { Diagnose } from '../conversation/runner/runner-dependencies';
import type { DiagnoseOptions } from '../diagnosis/diagnose-request';
import type { Discover, DiscoveryResult } from '../discovery/discovery-result';
import { describeSettings } from '../settings/server-settings';
import { observe } from './observe';
import type { CheckWatch } from './watch-scheduler';
import { type WatchSubject, watchedSettings } from './watch';

export interface WatchCheckDependencies {
  diagnose: Diagnose;
  discover: Discover;
  /** The environment's engine options; the target policy and connection cap apply as to users. */
  diagnoseOptions?: Omit<DiagnoseOptions, 'onProgress' | 'signal'>;
}

/**
 * A watch's round: the same engine users get, without a login, on the watched servers. For an
 * email address the discovery runs again too, so a change of the published settings is seen.
 */
export function createWatchCheck(deps: WatchCheckDependencies): CheckWatch {
  return async (watch, signal) => {
    const { subject } = watch;
    const published = subject.email ? publishedLine(await deps.discover(subject.email, { signal }).catch(() => undefined)) : undefined;
    const report = await deps.diagnose(
      {
        settings: watchedSettings(subject),
        options: { ...deps.diagnoseOptions, signal },
      },
      watch.language,
    );
    return observe(report, published);
  };
}

/** The best published incoming and outgoing server, as one line to compare between rounds. */
export function publishedLine(result: DiscoveryResult | undefined): string | undefined {
  if (!result || result.notFound) return undefined;
  const best = [result.incoming[0], result.outgoing[0]].filter((c) => c !== undefined);
  return best.length ? best.map((c) => describeSettings(c.settings)).join(', ') : undefined;
}

/** A subject from discovery: the best published servers of the address. */
export function subjectFromDiscovery(email: string, result: DiscoveryResult): WatchSubject | undefined {
  const incoming = result.incoming.find((c) => !c.caveats?.includes('local_only'))?.settings;
  const outgoing = result.outgoing.find((c) => !c.caveats?.includes('local_only'))?.settings;
  if (!incoming && !outgoing) return undefined;
  return { label: email, email, ...(incoming ? { incoming } : {}), ...(outgoing ? { outgoing } : {}) };
}
