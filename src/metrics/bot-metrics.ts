import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Report } from '../diagnosis/report';

/**
 * What a process reports on `/metrics` (Prometheus text format, prom-client). Per process:
 * Prometheus sums counters over the processes of a deployment. Label values are bounded sets
 * (verdicts, cause ids, platform names): no user, host or thread ever becomes a label.
 */
export class BotMetrics {
  readonly registry = new Registry();
  readonly #diagnoses: Counter<'verdict' | 'cause'>;
  readonly #timeToVerdict: Histogram<'verdict'>;
  readonly #connections: Counter;
  readonly #chatErrors: Counter<'platform'>;
  readonly #chatRateLimited: Counter<'platform'>;
  readonly #sources: MetricSources = {};

  constructor(sources: MetricSources = {}) {
    Object.assign(this.#sources, sources);
    const own = this.#sources;
    const registers = [this.registry];
    this.#diagnoses = new Counter({
      name: 'mailhelp_diagnoses_total',
      help: 'Diagnoses finished, by verdict (ok, warning, problem, failed) and main cause (the first finding, or none).',
      labelNames: ['verdict', 'cause'],
      registers,
    });
    this.#timeToVerdict = new Histogram({
      name: 'mailhelp_time_to_verdict_seconds',
      help: 'Time from the start of a diagnosis (after any wait in line) to its verdict.',
      labelNames: ['verdict'],
      buckets: [0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60],
      registers,
    });
    this.#connections = new Counter({ name: 'mailhelp_connections_opened_total', help: 'Connections diagnoses opened to mail servers.', registers });
    this.#chatErrors = new Counter({ name: 'mailhelp_chat_api_errors_total', help: 'Chat API calls (posts, edits, forms) that failed, by platform.', labelNames: ['platform'], registers });
    this.#chatRateLimited = new Counter({ name: 'mailhelp_chat_rate_limited_total', help: 'HTTP 429 answers from a chat API, by platform.', labelNames: ['platform'], registers });
    new Gauge({
      name: 'mailhelp_queue_depth',
      help: 'Diagnoses waiting for a free slot ("you are number N").',
      registers,
      collect: async function (this: Gauge) {
        this.set((await own.queueDepth?.().catch(() => 0)) ?? 0);
      },
    });
    new Gauge({
      name: 'mailhelp_conversations_active',
      help: 'Open conversations this process has handled (each waits for an answer or runs a diagnosis).',
      registers,
      collect: function (this: Gauge) {
        this.set(own.conversationsActive?.() ?? 0);
      },
    });
  }

  diagnosisFinished(report: Report): void {
    const cause = report.findings[0]?.cause ?? 'none';
    this.#diagnoses.inc({ verdict: report.verdict, cause });
    this.#timeToVerdict.observe({ verdict: report.verdict }, report.durationMs / 1000);
  }

  diagnosisFailed(): void {
    this.#diagnoses.inc({ verdict: 'failed', cause: 'none' });
  }

  connectionOpened(): void {
    this.#connections.inc();
  }

  chatApiError(platform: string): void {
    this.#chatErrors.inc({ platform });
  }

  chatRateLimited(platform: string): void {
    this.#chatRateLimited.inc({ platform });
  }

  /** Sources are known only once the runner and the limits exist. */
  setSources(more: MetricSources): void {
    Object.assign(this.#sources, more);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

export interface MetricSources {
  queueDepth?: () => Promise<number>;
  conversationsActive?: () => number;
}
