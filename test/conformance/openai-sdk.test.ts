// The official openai SDK pointed at the gateway, on both /v1 and /openai/v1,
// must work unchanged: every transcription format and speech formats.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import { fakeAudio, sha256 } from '../fakes/audio.js';
import { withOpenAIGateway } from '../helpers/setup.js';
import { readEvents } from '../helpers/sse.js';

const setup = withOpenAIGateway();

const audio = fakeAudio('mp3', 64_000);

for (const prefix of ['/v1', '/openai/v1']) {
  describe(`OpenAI SDK with baseURL …${prefix}`, () => {
    const client = () => new OpenAI({ baseURL: setup.gw.url + prefix, apiKey: 'sk-client-side', maxRetries: 0 });
    const file = () => toFile(audio, 'talk.mp3', { type: 'audio/mpeg' });

    test('transcriptions.create json', async () => {
      const t = await client().audio.transcriptions.create({ file: await file(), model: 'openai/whisper-1' });
      assert.equal(t.text, setup.fake.transcript);
      assert.equal((t as unknown as { extra_fields: { provider: string } }).extra_fields.provider, 'openai');
    });

    test('transcriptions.create verbose_json with word timestamps', async () => {
      const t = await client().audio.transcriptions.create({
        file: await file(),
        model: 'openai/whisper-1',
        response_format: 'verbose_json',
        timestamp_granularities: ['word'],
      });
      assert.equal(t.words?.length, 5);
      assert.equal(t.words?.[4]?.end, 2.5);
      assert.equal(t.duration, 2.5);
      const upstream = t as unknown as { x_fake_file: { sha256: string } };
      assert.equal(upstream.x_fake_file.sha256, sha256(audio), 'the SDK’s upload reached the provider intact');
    });

    for (const format of ['text', 'srt', 'vtt'] as const) {
      test(`transcriptions.create ${format} gives a string`, async () => {
        const t = await client().audio.transcriptions.create({ file: await file(), model: 'openai/whisper-1', response_format: format });
        assert.equal(typeof t, 'string');
        assert.match(t as unknown as string, format === 'vtt' ? /^WEBVTT/ : format === 'srt' ? /^1\n00:00:00,000 --> / : /^Hello from/);
      });
    }

    for (const format of ['mp3', 'wav'] as const) {
      test(`speech.create ${format}`, async () => {
        const res = await client().audio.speech.create({ model: 'openai/tts-1', input: 'Hello', voice: 'alloy', response_format: format });
        const bytes = Buffer.from(await res.arrayBuffer());
        assert.ok(bytes.equals(fakeAudio(format, setup.fake.speechBytes)));
        assert.equal(res.headers.get('content-type'), format === 'mp3' ? 'audio/mpeg' : 'audio/wav');
      });
    }

    test('transcriptions.create with stream: true yields the transcript events', async () => {
      const stream = await client().audio.transcriptions.create({ file: await file(), model: 'openai/gpt-4o-transcribe', stream: true });
      let text = '';
      const types: string[] = [];
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'transcript.text.delta') text += event.delta;
        if (event.type === 'transcript.text.done') assert.equal(event.text, setup.fake.transcript);
      }
      assert.equal(text, setup.fake.transcript);
      assert.equal(types.at(-1), 'transcript.text.done');
      assert.equal(types.filter((t) => t === 'transcript.text.delta').length, 5);
    });

    test('a stream the provider breaks off reaches the SDK as an APIError', async () => {
      setup.fake.fail({ cutAfterBytes: 100 });
      const stream = await client().audio.transcriptions.create({ file: await file(), model: 'openai/gpt-4o-transcribe', stream: true });
      await assert.rejects(
        (async () => {
          for await (const _event of stream) void _event;
        })(),
        (err: unknown) => err instanceof OpenAI.APIError && /could not be reached or broke off/.test(err.message),
      );
    });

    test('speech.create with stream_format sse gives the speech.audio event stream', async () => {
      const res = await client().audio.speech.create({ model: 'openai/gpt-4o-mini-tts', input: 'Hello', voice: 'alloy', response_format: 'pcm', stream_format: 'sse' });
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      const events = await readEvents(res);
      const audio = Buffer.concat(events.filter((e) => e.json?.type === 'speech.audio.delta').map((e) => Buffer.from(String(e.json!.audio), 'base64')));
      assert.ok(audio.equals(fakeAudio('pcm', setup.fake.speechBytes)));
      assert.equal(events.at(-2)!.json!.type, 'speech.audio.done');
    });

    test('errors reach the SDK as APIError with the gateway body', async () => {
      await assert.rejects(
        client().audio.speech.create({ model: 'nowhere/tts-1', input: 'Hello', voice: 'alloy' }),
        (err: unknown) => err instanceof OpenAI.APIError && err.status === 400 && /nowhere/.test(err.message),
      );
    });
  });
}
