// The routes that run the gateway chain. Core registers the OpenAI-shaped
// ones; plugins and adapters may add more (async submits, vendor-shaped
// paths) before the server starts listening. Frozen once listening.
import type { ModelRef, RequestType } from '../types.js';

export interface GatewayRoute {
  /** Stable name for logs and metrics. */
  name: string;
  /** Express paths, e.g. /v1/audio/transcriptions or /openai/deployments/:deployment/audio/speech. */
  paths: readonly string[];
  requestType: RequestType;
  mode: 'sync' | 'async';
  /**
   * The model a request on this route means when its `model` is absent or not
   * a configured provider/model (Azure's deployment-addressed routes). Throws
   * a GatewayError when the path names nothing it can serve.
   */
  defaultModel?: (params: Readonly<Record<string, string>>, given: string | undefined) => ModelRef;
}

export class RouteTable {
  private readonly routes: GatewayRoute[] = [];
  private frozen = false;

  add(route: GatewayRoute): void {
    if (this.frozen) throw new Error(`route "${route.name}" added after the server started`);
    this.routes.push(route);
  }

  freeze(): readonly GatewayRoute[] {
    this.frozen = true;
    return Object.freeze([...this.routes]);
  }
}

export const CORE_ROUTES: readonly GatewayRoute[] = [
  { name: 'transcription', paths: ['/v1/audio/transcriptions', '/openai/v1/audio/transcriptions'], requestType: 'transcription', mode: 'sync' },
  { name: 'speech', paths: ['/v1/audio/speech', '/openai/v1/audio/speech'], requestType: 'speech', mode: 'sync' },
];
