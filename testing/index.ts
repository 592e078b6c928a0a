// voxgate/testing: what an extension's own tests need.
//   import { adapterConformance, startPluginHarness } from 'voxgate/testing';
// - adapterConformance: the adapter contract, run through a real gateway
//   against a fake of the vendor (subclass FakeServer to write one).
// - startPluginHarness: a plugin in the default chain in front of a fake OpenAI.
// - startGateway: any config, on a free loopback port, logs captured.
// Tests run with node:test (node --test).
export { adapterConformance, type ConformanceSubject } from './adapter-conformance.js';
export { startPluginHarness, HARNESS_UPSTREAM_KEY, type ChainPosition, type PluginHarness, type PluginHarnessOptions } from './plugin-harness.js';
export { startGateway, LogCapture, type StartOptions, type TestGateway } from './gateway.js';
export { FakeServer, sendChunked, sendEvents, sendJson, type Fault, type Recorded, type RecordedFile } from './fake-server.js';
export { FakeOpenAI, openAIError, type FakeOpenAIOptions } from './fake-openai.js';
export { fakeAudio, sha256 } from './audio.js';
export { expectError, form, postJson, upload, type ErrorBodyShape, type Fields, type UploadOptions } from './http.js';
export { eventsOf, readEvents, type ParsedEvent } from './sse.js';
export { waitFor } from './wait.js';
