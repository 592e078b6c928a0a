// HTTP to one provider instance: a keep-alive undici pool with the instance's
// timeouts, and answers read with a cap. Adapters get one through ProviderCall.
import { Agent, request } from 'undici';
import type { Readable } from 'node:stream';
import { mapNetworkError, upstreamBadAnswer } from './network-errors.js';
import { upstreamSpan } from '../telemetry/spans.js';

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer | AsyncIterable<Buffer>;
  signal: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as it arrives; the caller must consume or destroy it. */
  body: Readable;
}

/** The largest non-audio answer the gateway reads into memory (transcripts, errors). */
export const MAX_UPSTREAM_TEXT_BYTES = 32 * 1024 * 1024;

export class UpstreamHttp {
  constructor(
    readonly provider: string,
    readonly timeoutMs: number,
    private readonly agent: Agent,
  ) {}

  static create(provider: string, timeoutMs: number, connections: number): UpstreamHttp {
    const agent = new Agent({
      connections,
      keepAliveTimeout: 10_000,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: Math.min(timeoutMs, 10_000) },
    });
    return new UpstreamHttp(provider, timeoutMs, agent);
  }

  /** One attempt, in its own span; the upstream gets the trace in traceparent. */
  send(req: UpstreamRequest): Promise<UpstreamResponse> {
    return upstreamSpan(this.provider, req.headers, (headers) => this.attempt(req, headers));
  }

  private async attempt(req: UpstreamRequest, headers: Record<string, string>): Promise<UpstreamResponse> {
    try {
      const res = await request(req.url, {
        method: req.method,
        headers,
        // undici writes async iterables natively (client-h1 writeIterable); its typings omit them.
        body: req.body as string | Buffer | undefined,
        signal: req.signal,
        dispatcher: this.agent,
      });
      // A status outside HTTP's range means nothing; its body is not worth reading.
      if (res.statusCode < 100 || res.statusCode > 599) {
        // undici errors a body destroyed unread ("Request aborted"): nobody is left to hear it.
        res.body.on('error', () => undefined).destroy();
        throw upstreamBadAnswer(this.provider, `status ${res.statusCode}, outside 100–599`);
      }
      // A body error (reset, timeout) later surfaces through readText/readBuffer or the stream.
      return { status: res.statusCode, headers: res.headers, body: res.body };
    } catch (err) {
      throw mapNetworkError(err, this.provider, this.timeoutMs / 1000, req.signal);
    }
  }

  /** Reads a whole (non-audio) body, at most `limit` bytes. */
  async readBuffer(res: UpstreamResponse, signal: AbortSignal, limit = MAX_UPSTREAM_TEXT_BYTES): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) {
          res.body.destroy();
          throw upstreamBadAnswer(this.provider, `answer larger than ${Math.round(limit / 1024 / 1024)} MB`);
        }
        chunks.push(chunk);
      }
    } catch (err) {
      throw mapNetworkError(err, this.provider, this.timeoutMs / 1000, signal);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  }

  async readText(res: UpstreamResponse, signal: AbortSignal, limit?: number): Promise<string> {
    return (await this.readBuffer(res, signal, limit)).toString('utf8');
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** The first value of a header that may repeat. */
export const headerValue = (headers: UpstreamResponse['headers'], name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};
