// The routes that run the gateway chain. Core registers the OpenAI-shaped
// ones; plugins and adapters may add more (async submits, vendor-shaped
// paths) before the server starts listening. Frozen once listening.
import type { RequestType, GatewayRequest } from '../types.js';

export interface GatewayRoute {
  /** Stable name for logs and metrics. */
  name: string;
  /** Express paths, e.g. /v1/audio/transcriptions or /openai/deployments/:deployment/audio/speech. */
  paths: readonly string[];
  requestType: RequestType;
  mode: 'sync' | 'async';
  /** For routes that imply a provider (Azure's): which one, from the path parameters. */
  impliedProvider?: (params: Readonly<Record<string, string>>) => string | undefined;
  /** Adjusts the parsed request from path parameters (e.g. an Azure deployment id). */
  refine?: (request: GatewayRequest, params: Readonly<Record<string, string>>) => void;
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
