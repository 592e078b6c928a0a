// The error body (README's API section), the same for every non-2xx answer and job record.
import type { GatewayError } from '../errors.js';
import type { RequestType } from '../types.js';

export interface ErrorBody {
  event_id: string;
  type: string;
  is_bifrost_error: boolean;
  status_code: number;
  error: { type: string; code: string; message: string; param?: string; event_id: string };
  extra_fields: { provider?: string; model_requested?: string; request_type?: RequestType; [key: string]: unknown };
}

export interface ErrorScope {
  requestId: string;
  provider?: string;
  model?: string;
  requestType?: RequestType;
  /** What plugins added (attempts, cache_debug); never secrets. */
  extraFields?: Readonly<Record<string, unknown>>;
}

export function errorBody(err: GatewayError, scope: ErrorScope): ErrorBody {
  return {
    event_id: scope.requestId,
    type: err.type,
    is_bifrost_error: !err.fromProvider,
    status_code: err.status,
    error: { type: err.type, code: err.code, message: err.message, param: err.param, event_id: scope.requestId },
    extra_fields: { provider: scope.provider, model_requested: scope.model, request_type: scope.requestType, ...scope.extraFields },
  };
}
