// README.md's "Try it without a vendor account", run as written: its curl
// commands (in a folder that has the repo's samples/, so -o files land
// there) and its SDK snippet, against the gateway started on the embedded
// default with the fake OpenAI's variables. Only the gateway's origin is
// swapped for a free port.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FakeOpenAI } from '../fakes/openai.js';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { compiledTestDir } from '../helpers/gateway.js';
import { freePort } from '../helpers/redis.js';

const run = promisify(execFile);
const repoRoot = path.resolve(compiledTestDir, '..', '..');
const README_ORIGIN = 'http://127.0.0.1:8080';

/** The fenced blocks of one README section, by language. */
function sectionBlocks(heading: string, lang: string): string[] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has "${heading}"`);
  const end = readme.indexOf('\n## ', start + heading.length + 2);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);
}

/** Shell commands of a block: continuation lines joined, comments and blanks dropped. */
const commandsOf = (block: string): string[] =>
  block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

let fake: FakeOpenAI;
let cli: RunningCli;
let origin: string;
const work = mkdtempSync(path.join(tmpdir(), 'voxgate-readme-'));

before(async () => {
  symlinkSync(path.join(repoRoot, 'samples'), path.join(work, 'samples'));
  fake = await FakeOpenAI.start();
  // As the README's shell 2 has it, on a free port.
  cli = startCli(['serve'], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-fake', VOXGATE_PORT: String(await freePort()) });
  origin = await cli.listening();
});
after(async () => {
  await cli.stop();
  await fake.close();
});

test('the shipped sample is a few seconds of real mp3', () => {
  const bytes = readFileSync(path.join(repoRoot, 'samples', 'hello.mp3'));
  assert.ok(bytes.length > 4_000 && bytes.length < 100_000, `${bytes.length} bytes`);
  assert.ok(bytes.subarray(0, 3).toString('latin1') === 'ID3' || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0), 'an mp3 header');
});

test('every curl command of the section runs as written and answers', async () => {
  const commands = sectionBlocks('### Try it without a vendor account', 'sh').flatMap(commandsOf).filter((c) => c.startsWith('curl '));
  assert.ok(commands.length >= 4, `found the curl commands (${commands.length})`);
  for (const command of commands) {
    assert.ok(command.includes(README_ORIGIN), command);
    const { stdout } = await run('bash', ['-c', `${command.replaceAll(README_ORIGIN, origin)} --fail-with-body -w '\\n%{http_code}'`], { cwd: work });
    const status = stdout.trim().split('\n').at(-1);
    assert.equal(status, '200', `${command}\n${stdout}`);
    const answer = stdout.slice(0, stdout.lastIndexOf('\n'));
    if (command.includes('response_format=srt')) assert.match(answer, /^1\n00:00:00,000 --> /, command);
    else if (command.includes('transcriptions')) assert.equal((JSON.parse(answer) as { text: string }).text, fake.transcript, command);
    else if (command.includes('/v1/models')) assert.ok((JSON.parse(answer) as { data: Array<{ id: string }> }).data.some((m) => m.id === 'openai/whisper-1'), command);
    else if (command.includes('-o hello.mp3')) assert.equal(statSync(path.join(work, 'hello.mp3')).size, fake.speechBytes, command);
  }
  assert.equal(fake.requests.filter((r) => r.files.length > 0).at(-1)?.files[0]?.bytes.length, statSync(path.join(repoRoot, 'samples', 'hello.mp3')).size, 'the sample reached the provider whole');
});

test('the SDK snippet transcribes the shipped sample', async () => {
  const [snippet] = sectionBlocks('### Try it without a vendor account', 'js');
  assert.ok(snippet?.includes(README_ORIGIN), 'found the SDK snippet');
  // Beside the repo's node_modules (so `import 'openai'` resolves), run from a folder with samples/.
  const file = path.join(compiledTestDir, 'readme-transcribe.mjs');
  writeFileSync(file, snippet.replaceAll(README_ORIGIN, origin));
  const { stdout } = await run(process.execPath, [file], { cwd: work });
  assert.equal(stdout.trim(), fake.transcript);
});
