// telemetry.otlp_endpoint: the OpenTelemetry Node SDK exporting spans over
// OTLP/HTTP (JSON) to a collector. Off when the key is absent: nothing is
// registered and spans cost nothing. Process-wide, as the SDK is.
import { NodeSDK, resources, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

export interface TelemetryConfig {
  otlp_endpoint?: string;
  service_name: string;
}

/** The traces URL: the endpoint as given when it ends in /v1/traces, else with it appended. */
export const tracesUrl = (endpoint: string): string => (/\/v1\/traces\/?$/.test(endpoint) ? endpoint : `${endpoint.replace(/\/+$/, '')}/v1/traces`);

/** Starts exporting; answers the shutdown, which flushes what is buffered. */
export function startTracing(config: TelemetryConfig & { otlp_endpoint: string }, version: string): () => Promise<void> {
  const exporter = new OTLPTraceExporter({ url: tracesUrl(config.otlp_endpoint) });
  const sdk = new NodeSDK({
    resource: resources.resourceFromAttributes({ 'service.name': config.service_name, 'service.version': version }),
    spanProcessors: [new tracing.BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
    instrumentations: [],
  });
  sdk.start();
  return () => sdk.shutdown();
}
