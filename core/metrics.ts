// Prometheus metrics (prom-client): one registry per gateway. Core records
// what every exchange shows; plugins register their own metrics on the same
// registry (TOKENS.Metrics). Gateway overhead and upstream time are kept
// apart, so a slow provider is never mistaken for a slow gateway.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ResponseRecord } from './lifecycle.js';
import { metricLabelsFor, type MetricLabels } from './metric-labels.js';

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'provider' | 'model' | 'status'>;
  private readonly duration: Histogram<'route'>;
  private readonly upstream: Histogram<'provider' | 'model'>;
  private readonly overhead: Histogram<'route'>;
  private readonly bytesIn: Counter<'route'>;
  private readonly bytesOut: Counter<'route'>;
  private readonly labels: MetricLabels;

  constructor(providers: { has(name: string): boolean }) {
    this.labels = metricLabelsFor(this.registry, providers);
    collectDefaultMetrics({ register: this.registry, prefix: 'voxgate_' });
    const registers = [this.registry];
    this.requests = new Counter({ name: 'voxgate_requests_total', help: 'Requests answered, by route, provider, model and status.', labelNames: ['route', 'provider', 'model', 'status'], registers });
    this.duration = new Histogram({ name: 'voxgate_request_duration_seconds', help: 'Whole exchange, arrival to last byte.', labelNames: ['route'], buckets: SECONDS, registers });
    this.upstream = new Histogram({ name: 'voxgate_upstream_duration_seconds', help: 'Provider time of the attempt that served the answer (to its first byte when streamed).', labelNames: ['provider', 'model'], buckets: SECONDS, registers });
    this.overhead = new Histogram({ name: 'voxgate_overhead_duration_seconds', help: "The gateway's own time before the answer started: reading the body, plugins, everything but the serving provider call.", labelNames: ['route'], buckets: SECONDS, registers });
    this.bytesIn = new Counter({ name: 'voxgate_bytes_in_total', help: 'Request body bytes received.', labelNames: ['route'], registers });
    this.bytesOut = new Counter({ name: 'voxgate_bytes_out_total', help: 'Response bytes sent.', labelNames: ['route'], registers });
  }

  observe(record: ResponseRecord): void {
    const result = record.ctx?.result;
    const served = result && result.type !== 'json' ? result.servedBy : undefined;
    const target = record.ctx?.target;
    // Labels from a bounded set: a client-sent model name the providers never served counts as `other`.
    if (served && served.provider !== '' && record.status < 400) this.labels.learn(served.provider, served.model);
    const provider = this.labels.provider(served?.provider ?? target?.provider);
    const model = this.labels.model(served?.provider ?? target?.provider, served?.model ?? target?.model);
    this.requests.inc({ route: record.route, provider, model, status: String(record.status) });
    this.duration.observe({ route: record.route }, record.durationMs / 1000);
    if (served && served.provider !== '') {
      this.upstream.observe({ provider: this.labels.provider(served.provider), model: this.labels.model(served.provider, served.model) }, served.latencyMs / 1000);
      if (record.readyMs !== undefined) this.overhead.observe({ route: record.route }, Math.max(0, record.readyMs - served.latencyMs) / 1000);
    }
    this.bytesIn.inc({ route: record.route }, record.bytesIn);
    this.bytesOut.inc({ route: record.route }, record.bytesOut);
  }
}
