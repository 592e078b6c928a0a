// The auth refusals. 401s carry a Bearer challenge (RFC 6750) so clients know
// how to authenticate; no message ever repeats what the client sent.
import { GatewayError } from '../../core/kit.js';

const REALM = 'Bearer realm="voxgate"';

/** A missing credential gets the bare challenge; a wrong one says the token is invalid. */
export function unauthorized(code: string, message: string, missing = false): GatewayError {
  return new GatewayError({
    status: 401,
    type: 'authentication_error',
    code,
    message,
    headers: { 'www-authenticate': missing ? REALM : `${REALM}, error="invalid_token"` },
  });
}

export function forbidden(code: string, message: string, param?: string): GatewayError {
  return new GatewayError({ status: 403, type: 'permission_error', code, message, param });
}
