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
  request: Omit<GatewayRequest, 'file'> & { file?: StoredFile };
  bytes: number;
  webhookUrl?: string;
}

// Credentials and hop-by-hop headers stay with the request that brought them.
const DROPPED = new RegExp(`^(authorization|${BF_HEADERS.virtualKey}|api-key|x-api-key|cookie|proxy-authorization|xi-api-key|ocp-apim-subscription-key|content-length|transfer-encoding|connection)$`);

/** An upload as the job record describes it; `spooled`: its blob is a file, handed to the job by path. */
type StoredFile = Pick<AudioFile, 'size' | 'filename' | 'contentType'> & { spooled?: true };

/** The upload's bytes as they go to the blob store: in memory, or a spooled file copied as a file. */
export type JobUpload = { chunks: readonly Buffer[] } | { spooledAt: string };

export const jobUploadOf = (file: AudioFile): JobUpload => (file.spool ? { spooledAt: file.spool.path } : { chunks: file.chunks });

export function jobData(ctx: GatewayContext, request: GatewayRequest, id: string, bytes: number, webhookUrl: string | undefined): JobData {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.headers)) if (value !== undefined && !DROPPED.test(name)) headers[name] = value;
  const stored = request.type === 'transcription' ? { ...request, file: { size: request.file.size, filename: request.file.filename, contentType: request.file.contentType, ...(request.file.spool ? { spooled: true as const } : {}) } } : request;
  return { id, requestId: ctx.id, route: ctx.route, headers, principal: ctx.principal, clientAddress: ctx.clientAddress, request: stored as JobData['request'], bytes, webhookUrl };
}

/** The request again, with the upload's bytes read back (or, spooled, the path of their file). */
export function restoreRequest(data: JobData, upload: JobUpload | undefined): GatewayRequest | undefined {
  const { request } = data;
  if (request.type !== 'transcription') return request as GatewayRequest;
  if (!upload || !request.file) return undefined;
  const { spooled: _spooled, ...described } = request.file;
  // The worker deletes the blob when the job is final: holders need not count themselves.
  const file: AudioFile = 'chunks' in upload ? { ...described, chunks: upload.chunks } : { ...described, chunks: [], spool: { path: upload.spooledAt, retain: () => () => undefined } };
  return { ...request, file } as GatewayRequest;
}
