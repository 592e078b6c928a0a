// The errors a job can end with that no provider gave: the gateway shutting
// down before it finished, its instance dying, the queue being full, the
// store being away. Each says what happened and what to do.
import { GatewayError, serviceUnavailable } from '../../core/kit.js';
import { errorBody } from '../../core/kit.js';
import { finish, type JobRecord } from './record.js';

export const gatewayShutdown = (): GatewayError =>
  serviceUnavailable('gateway_shutdown', 'The gateway instance running this job shut down before finishing it; submit the job again.');

export const instanceLost = (): GatewayError =>
  serviceUnavailable('instance_lost', 'The gateway instance running this job stopped answering before finishing it; submit the job again.');

export const storeUnavailable = (retryAfterS: number): GatewayError =>
  serviceUnavailable('store_unavailable', 'The job store is unreachable; retry shortly.', retryAfterS);

/** A record that failed with `err`, in the job's error-body shape. */
export function failedRecord(job: JobRecord, err: GatewayError, requestId: string): JobRecord {
  return finish(job, { status: 'failed', status_code: err.status, error: errorBody(err, { requestId, requestType: job.kind }) });
}
