// The package as users get it: `npm pack` (prepack builds dist/), the
// tarball installed into an empty folder outside the repo, and from there
// `npx voxgate check-config`, `npx voxgate serve` answering a request, and a
// plain-JS plugin and adapter that import voxgate/kit, and the shipped
// examples (redact-pii, whisper-cpp), passing voxgate/testing's harness and
// conformance suite.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { upload } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { compiledTestDir } from '../helpers/gateway.js';

const run = promisify(execFile);
const repoRoot = path.resolve(compiledTestDir, '..', '..');
const consumerFixtures = path.join(repoRoot, 'test', 'fixtures', 'package-consumer');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const KEY = 'sk-packaged-upstream-key';

// The checks share one install and are independent: run at once. The install compiles better-sqlite3
// from source (no prebuilt binary is reachable here: minutes, ten and more on a loaded machine), hence the long timeout.
describe('the packed package, installed outside the repo', { concurrency: true, timeout: 1_150_000 }, () => {
  let work: string;
  let folder: string;
  // npm and npx as a user runs them there: no inherited npm_* variables from `npm test`.
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    npm_config_cache: process.env.npm_config_cache,
    // No registry round trips npm would make on its own (a newer npm? audit? funding?).
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_prefer_offline: 'true',
    ...extra,
  });

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'voxgate-pack-'));
    await run(npm, ['pack', '--silent', '--pack-destination', work], { cwd: repoRoot, env: env(), maxBuffer: 16 * 1024 * 1024 });
    const tarball = readdirSync(work).find((f) => /^voxgate-.*\.tgz$/.test(f));
    assert.ok(tarball, 'npm pack made a tarball');
    folder = path.join(work, 'consumer');
    await run('mkdir', [folder]);
    writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    // From the tarball, dependencies from npm's cache where it has them.
    await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', path.join(work, tarball)], { cwd: folder, env: env(), maxBuffer: 16 * 1024 * 1024 });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('it ships dist/ with type declarations, the embedded config, and no tests or sources', () => {
    const pkg = path.join(folder, 'node_modules', 'voxgate');
    for (const file of ['dist/core/cli.js', 'dist/core/kit.d.ts', 'dist/testing/index.d.ts', 'dist/plugins/auth/index.js', 'dist/providers/openai/index.js', 'config/gateway.yaml', 'config/gateway.schema.json', 'dist/ui/index.html']) {
      assert.ok(existsSync(path.join(pkg, file)), `${file} is in the package`);
    }
    for (const file of ['dist/test', 'core/kit.ts', 'test']) assert.ok(!existsSync(path.join(pkg, file)), `${file} is not in the package`);
    assert.ok(existsSync(path.join(folder, 'node_modules', '.bin', 'voxgate')), 'voxgate is on the PATH of npm scripts and npx');
  });

  test('npx voxgate check-config validates the embedded default', async () => {
    const { stdout } = await run(npx, ['--no-install', 'voxgate', 'check-config'], { cwd: folder, env: env() });
    assert.match(stdout, /config\/gateway\.yaml: valid/);
    assert.match(stdout, /name: auth/);
  });

  test('npx voxgate serve runs the embedded default and answers a transcription', async () => {
    const fake = await FakeOpenAI.start({ apiKey: KEY });
    const child = spawn(npx, ['--no-install', 'voxgate', 'serve', '--port', '0'], {
      cwd: folder,
      env: env({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: KEY }),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npx runs the gateway as a grandchild, and a user's Ctrl-C reaches the whole group.
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitFor(() => /voxgate listening/.test(out) || child.exitCode !== null, 'the packaged gateway to listen', 30_000);
      const url = /"url":"([^"]+)"/.exec(out)?.[1];
      assert.ok(url, out);
      // As an existing OpenAI client sends it: a bare model name and a placeholder key.
      const res = await upload(`${url}/v1/audio/transcriptions`, {
        fields: { model: 'whisper-1' },
        file: { bytes: fakeAudio('mp3', 8_000), filename: 'a.mp3' },
        headers: { authorization: 'Bearer unused-while-auth-is-off' },
      });
      const body = (await res.json()) as { text: string; extra_fields: { provider: string } };
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.text, fake.transcript);
      assert.equal(body.extra_fields.provider, 'openai');
      // The dashboard's built files ship in the package and are served from it.
      const ui = await fetch(`${url}/ui/`);
      assert.equal(ui.status, 200);
      assert.match(await ui.text(), /<div id="app">/);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      await fake.close();
    }
    await waitFor(() => /shutting down/.test(out), 'the gateway to shut down on the signal', 10_000);
  });

  test('a plain-JS plugin and adapter importing voxgate/kit pass voxgate/testing, and so do the shipped example plugin and whisper-cpp adapter', async () => {
    for (const file of ['plugin.js', 'adapter.js', 'plugin.test.js', 'adapter.test.js', 'examples.test.js', 'whisper-cpp.test.js']) copyFileSync(path.join(consumerFixtures, file), path.join(folder, file));
    const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', 'plugin.test.js', 'adapter.test.js', 'examples.test.js', 'whisper-cpp.test.js'], { cwd: folder, env: env(), maxBuffer: 16 * 1024 * 1024 }).catch(
      (err: { stdout?: string }) => assert.fail(`the extension's tests failed:\n${err.stdout ?? String(err)}`),
    );
    assert.match(stdout, /^# fail 0$/m);
    const passed = Number(/^# pass (\d+)$/m.exec(stdout)?.[1]);
    assert.ok(passed >= 9, `the plugin's and the adapter's tests ran (${passed} passed)`);
    assert.match(stdout, /adapter conformance: tiny-tts/);
    assert.match(stdout, /adapter conformance: whisper-cpp/);
    assert.match(stdout, /ok \d+ - the shipped redact-pii example redacts transcripts/);
  });

  test("the kit's type declarations check an extension as its author compiles it: strict, nothing beside the package but @types/node", async () => {
    // Every type package the declarations reach must come with voxgate: the author installs none of them.
    const typed = path.join(folder, 'typed');
    await run('mkdir', ['-p', typed]);
    for (const file of ['plugin.js', 'adapter.js']) copyFileSync(path.join(consumerFixtures, file), path.join(typed, file));
    const compilerOptions = { strict: true, noEmit: true, allowJs: true, checkJs: true, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: ['node'], typeRoots: [path.join(repoRoot, 'node_modules', '@types')] };
    writeFileSync(path.join(typed, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['plugin.js', 'adapter.js'] }));
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '-p', path.join(typed, 'tsconfig.json')], { cwd: typed, env: env(), maxBuffer: 16 * 1024 * 1024 }).catch((err: { stdout?: string }) =>
      assert.fail(`tsc found errors in the extension against the installed voxgate/kit:\n${err.stdout ?? String(err)}`),
    );
  });
});
