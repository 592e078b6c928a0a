// What a queued job carries so that any instance can run it: the request as
// validated (its upload apart, as bytes in the blob store), who asked, and
// the request's headers without credentials. Secrets never go in here: a
// request that brought its own provider key (BYOK) is refused on a shared
// queue, since that key would have to be stored.
import { BF_HEADERS, type AudioFile, type GatewayContext, type GatewayRequest, type Principal, type RouteInfo } from '../../../core/kit.js';

export interface JobData {
  id: string;
  requestId: string;
  route: RouteInfo;
  headers: Record<string, string>;
  principal?: Principal;
  clientAddress: string;
  /** The request minus the upload's bytes (kept in the blob store under `input:<id>`). */
  request: Omit<GatewayRequest, 'file'> & { file?: Omit<AudioFile, 'chunks'> };
  bytes: number;
  webhookUrl?: string;
}

// Credentials and hop-by-hop headers stay with the request that brought them.
const DROPPED = new RegExp(`^(authorization|${BF_HEADERS.virtualKey}|api-key|x-api-key|cookie|proxy-authorization|xi-api-key|ocp-apim-subscription-key|content-length|transfer-encoding|connection)$`);

export function jobData(ctx: GatewayContext, request: GatewayRequest, id: string, bytes: number, webhookUrl: string | undefined): JobData {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.headers)) if (value !== undefined && !DROPPED.test(name)) headers[name] = value;
  const stored = request.type === 'transcription' ? { ...request, file: { size: request.file.size, filename: request.file.filename, contentType: request.file.contentType } } : request;
  return { id, requestId: ctx.id, route: ctx.route, headers, principal: ctx.principal, clientAddress: ctx.clientAddress, request: stored as JobData['request'], bytes, webhookUrl };
}

/** The request again, with the upload's bytes read back. */
export function restoreRequest(data: JobData, upload: readonly Buffer[] | undefined): GatewayRequest | undefined {
  const { request } = data;
  if (request.type !== 'transcription') return request as GatewayRequest;
  if (!upload || !request.file) return undefined;
  return { ...request, file: { ...request.file, chunks: upload } } as GatewayRequest;
}
