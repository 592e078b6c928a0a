// A fake Azure OpenAI resource: OpenAI's audio answers under
// /openai/deployments/{deployment}/audio/…?api-version=…, Azure's api-key
// (or Entra bearer) check, and Azure's error bodies.
import type { ServerResponse } from 'node:http';
import { FakeOpenAI } from './openai.js';
import { sendJson, type Recorded } from './fake-server.js';

const azureError = (code: string, message: string) => ({ error: { code, message } });

export interface FakeAzureOptions {
  apiKey: string;
  /** Deployment names this resource has. */
  deployments: string[];
  /** An Entra token accepted as `Authorization: Bearer`. */
  entraToken?: string;
}

export class FakeAzure extends FakeOpenAI {
  private readonly options: FakeAzureOptions;

  constructor(options: FakeAzureOptions) {
    super({ apiKey: options.apiKey });
    this.options = options;
  }

  static async startAzure(options: FakeAzureOptions): Promise<FakeAzure> {
    return new FakeAzure(options).listen();
  }

  /** The endpoint to configure. */
  get endpoint(): string {
    return this.origin;
  }

  protected override checkAuth(rec: Recorded, res: ServerResponse): boolean {
    const { apiKey, entraToken } = this.options;
    if (rec.headers['api-key'] === apiKey) return true;
    if (entraToken !== undefined && rec.headers.authorization === `Bearer ${entraToken}`) return true;
    sendJson(res, 401, azureError('401', 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'));
    return false;
  }

  protected override async route(rec: Recorded, res: ServerResponse): Promise<void> {
    const match = /^\/openai\/deployments\/([^/]+)\/audio\/(transcriptions|translations|speech)$/.exec(rec.path);
    if (rec.method !== 'POST' || !match || !rec.query['api-version']) return sendJson(res, 404, azureError('404', 'Resource not found'));
    if (!this.checkAuth(rec, res)) return;
    if (!this.options.deployments.includes(decodeURIComponent(match[1]!))) {
      return sendJson(res, 404, azureError('DeploymentNotFound', 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.'));
    }
    if (match[2] === 'speech') return this.speak(rec, res);
    // Azure serves translations from any whisper deployment: the deployment, not the model field, picks it.
    return this.transcribe(rec, res, match[2] === 'translations' ? 'translate' : 'transcribe');
  }
}
