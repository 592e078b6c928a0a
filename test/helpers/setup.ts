// The usual test file setup: a fake OpenAI with a key, and a gateway in
// front of it, started before the file's tests, reset between them, closed after.
import { after, before, beforeEach } from 'node:test';
import { FakeOpenAI } from '../fakes/openai.js';
import { openAIConfig, startGateway, type TestGateway } from './gateway.js';

export const UPSTREAM_KEY = 'sk-upstream-test-key';

export interface OpenAISetup {
  fake: FakeOpenAI;
  gw: TestGateway;
}

/** Registers the hooks; the returned object's fields are set once `before` has run. */
export function withOpenAIGateway(extraConfig: Record<string, unknown> = {}): OpenAISetup {
  const setup = {} as OpenAISetup;
  before(async () => {
    setup.fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
    setup.gw = await startGateway(openAIConfig(setup.fake.url, extraConfig));
  });
  after(async () => {
    await setup.gw.close();
    await setup.fake.close();
  });
  beforeEach(() => setup.fake.reset());
  return setup;
}
