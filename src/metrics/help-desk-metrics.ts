import { Counter, Gauge, type Registry } from 'prom-client';
import type { HelpDeskMetrics } from '../commands/help-desk-services';
import { WATCH_STATUSES } from '../watch/watch';
import type { WatchStore } from '../watch/watch-store';

/**
 * Watches by state, alerts sent and outages detected, on the process's `/metrics`. The watch
 * gauge reads the (shared) store, so with Redis every process reports the deployment's watches;
 * the counters are this process's own and Prometheus sums them.
 */
export function registerHelpDeskMetrics(registry: Registry, watches: WatchStore): HelpDeskMetrics {
  const registers = [registry];
  new Gauge({
    name: 'mailhelp_watches',
    help: 'Watched servers, by the state of their last checks (unknown, up, down, unverifiable).',
    labelNames: ['state'],
    registers,
    collect: async function (this: Gauge<'state'>) {
      const all = await watches.list().catch(() => []);
      for (const state of WATCH_STATUSES) this.set({ state }, all.filter((w) => w.value.state.status === state).length);
    },
  });
  const alerts = new Counter({ name: 'mailhelp_watch_alerts_total', help: 'Watch alerts, by kind (down, up, cert_expiring, …) and whether the post worked.', labelNames: ['kind', 'posted'], registers });
  const outages = new Counter({ name: 'mailhelp_outages_detected_total', help: 'Possible outages detected from several users’ reports of one server.', registers });
  return {
    alertSent: (kind, posted) => alerts.inc({ kind, posted: posted ? 'yes' : 'no' }),
    outageDetected: () => outages.inc(),
  };
}
