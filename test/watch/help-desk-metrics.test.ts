import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { registerHelpDeskMetrics } from '../../src/metrics/help-desk-metrics';
import { initialState, type Watch } from '../../src/watch/watch';
import { MemoryWatchStore } from '../../src/watch/watch-store';

describe('watch: metrics (prom-client registry)', () => {
  it('watches by state, alerts sent and outages detected', async () => {
    const store = new MemoryWatchStore();
    const base = (id: string, status: Watch['state']['status']): Watch => ({
      id, place: { platform: 'slack', channel: 'C1' }, subject: { label: id }, intervalMs: 60_000, language: 'en', createdBy: 'U1', createdAt: 0, nextCheckAt: 0, state: { ...initialState(0), status },
    });
    await store.add(base('W-1', 'up'));
    await store.add(base('W-2', 'down'));
    await store.add(base('W-3', 'up'));
    const registry = new Registry();
    const metrics = registerHelpDeskMetrics(registry, store);
    metrics.alertSent?.('down', true);
    metrics.alertSent?.('down', true);
    metrics.alertSent?.('up', false);
    metrics.outageDetected?.({ server: 'imap.acme.test:993', cause: 'tcp.refused', firstAt: 0, lastAt: 0, reporters: ['a', 'b', 'c'] });
    const text = await registry.metrics();
    assert.match(text, /^mailhelp_watches\{state="up"\} 2$/m);
    assert.match(text, /^mailhelp_watches\{state="down"\} 1$/m);
    assert.match(text, /^mailhelp_watches\{state="unverifiable"\} 0$/m);
    assert.match(text, /^mailhelp_watch_alerts_total\{kind="down",posted="yes"\} 2$/m);
    assert.match(text, /^mailhelp_watch_alerts_total\{kind="up",posted="no"\} 1$/m);
    assert.match(text, /^mailhelp_outages_detected_total 1$/m);
  });
});
