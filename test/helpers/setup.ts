// The usual test file setup: a fake upstream with a key, and a gateway in
// front of it, started before the file's tests, reset between them, closed after.
import { after, before, beforeEach } from 'node:test';
import { FakeElevenLabs } from '../fakes/elevenlabs.js';
import type { FakeServer } from '../fakes/fake-server.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { openAIConfig, startGateway, type TestGateway } from './gateway.js';

export const UPSTREAM_KEY = 'sk-upstream-test-key';

export interface FakeSetup<F extends FakeServer> {
  fake: F;
  gw: TestGateway;
}

export type OpenAISetup = FakeSetup<FakeOpenAI>;

/** Registers the hooks; the returned object's fields are set once `before` has run. */
export function withFakeGateway<F extends FakeServer>(startFake: () => Promise<F>, config: (fake: F) => Record<string, unknown>): FakeSetup<F> {
  const setup = {} as FakeSetup<F>;
  before(async () => {
    setup.fake = await startFake();
    setup.gw = await startGateway(config(setup.fake));
  });
  after(async () => {
    await setup.gw.close();
    await setup.fake.close();
  });
  beforeEach(() => setup.fake.reset());
  return setup;
}

export function withOpenAIGateway(extraConfig: Record<string, unknown> = {}): OpenAISetup {
  return withFakeGateway(() => FakeOpenAI.start({ apiKey: UPSTREAM_KEY }), (fake) => openAIConfig(fake.url, extraConfig));
}

export const ELEVENLABS_KEY = 'xi-upstream-elevenlabs-key-0123456789';

/** A gateway whose `elevenlabs` provider points at a fake ElevenLabs with `settings` added. */
export function withElevenLabsGateway(settings: Record<string, unknown> = {}): FakeSetup<FakeElevenLabs> {
  return withFakeGateway(
    () => FakeElevenLabs.start({ apiKey: ELEVENLABS_KEY }),
    (fake) => ({ providers: { elevenlabs: { base_url: fake.url, keys: [{ value: ELEVENLABS_KEY }], ...settings } }, plugins: [] }),
  );
}
