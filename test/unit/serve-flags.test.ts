// `voxgate serve`'s flags: what they accept, what they refuse, and how they
// override the config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError, applyServeFlags, parseServeFlags } from '../../core/commands/serve-flags.js';
import type { GatewayConfig } from '../../core/config/types.js';

const usage = (args: string[]): string => {
  try {
    parseServeFlags(args);
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message;
  }
  assert.fail(`accepted ${args.join(' ')}`);
};

test('ports from 0 to 65535, a host, a store URL and a config file', () => {
  assert.deepEqual(parseServeFlags(['--port', '8099', '--host', '0.0.0.0', '--store', 'redis://127.0.0.1:6379/0', '-c', 'my.yaml']), {
    config: 'my.yaml',
    port: 8099,
    host: '0.0.0.0',
    store: 'redis://127.0.0.1:6379/0',
  });
  assert.equal(parseServeFlags(['--port=0']).port, 0);
  assert.equal(parseServeFlags(['-p', '65535']).port, 65535);
  assert.deepEqual(parseServeFlags([]), { config: undefined, port: undefined, host: undefined, store: undefined });
});

test('a port out of range, negative, fractional or not a number is refused, naming the flag', () => {
  for (const bad of ['65536', '70000', '-1', '8080.5', '1e3', 'eighty', ' 80x']) assert.match(usage([`--port=${bad}`]), /--port ".*" is not a port: give a number from 0 to 65535/, bad);
  assert.match(usage(['--port', '']), /--port needs a value/);
  assert.match(usage(['--host', '  ']), /--host needs a value/);
});

test('unknown flags and stray words are refused with the usage line', () => {
  for (const args of [['--prot', '8080'], ['extra'], ['--port']]) assert.match(usage(args), /Usage: voxgate serve \[--config FILE\] \[--port N\] \[--host H\] \[--store URL\]/, args.join(' '));
});

test('flags override the config; absent ones leave it alone', () => {
  const config = { server: { host: '127.0.0.1', port: 8080, max_upload_mb: 25 }, store: { url: 'memory://' } } as unknown as GatewayConfig;
  const out = applyServeFlags(config, { port: 9000, store: 'redis://r:6379/1' });
  assert.equal(out.server.port, 9000);
  assert.equal(out.server.host, '127.0.0.1');
  assert.equal(out.server.max_upload_mb, 25);
  assert.equal(out.store.url, 'redis://r:6379/1');
  assert.equal(config.server.port, 8080, 'the loaded config is not changed');
  assert.deepEqual(applyServeFlags(config, {}), config);
});
