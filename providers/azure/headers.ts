// Azure's credential headers: an api-key, or an Entra bearer token when the key entry says type: entra.
import type { ProviderCall } from '../../core/kit.js';
import type { AzureSettings } from './deployments.js';

export function authHeaders(call: ProviderCall<AzureSettings>): Record<string, string> {
  const headers: Record<string, string> = { 'x-ms-client-request-id': call.requestId };
  if (!call.key.value) return headers;
  if (call.key.options.type === 'entra') headers.authorization = `Bearer ${call.key.value}`;
  else headers['api-key'] = call.key.value;
  return headers;
}
