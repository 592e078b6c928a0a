// A log store that hangs or refuses: requests still answer, records beyond
// the bounded queue are dropped and counted in /metrics, nothing waits on it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { fakeAudio } from '../fakes/audio.js';
import { upload } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { freePort } from '../helpers/redis.js';
import { asTeam, startAdminGateway, type AdminSetup } from '../helpers/admin.js';

const transcribe = (url: string) => upload(`${url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 4000) }, headers: asTeam });
const dropped = async (url: string, reason: string): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`voxgate_log_records_dropped_total\\{reason="${reason}"\\} (\\d+)`).exec(text)?.[1] ?? 'NaN');
};

describe('a log store that accepts connections and never answers', () => {
  let hung: net.Server;
  const sockets: net.Socket[] = [];
  let s: AdminSetup;
  before(async () => {
    hung = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as net.AddressInfo;
    s = await startAdminGateway({ logs: { store: `postgres://voxgate@127.0.0.1:${port}/logs`, queue_size: 3 } });
  });
  after(async () => {
    await s.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hung.close(resolve));
  });

  test('every request answers, and the records past the queue are dropped and counted', async () => {
    await waitFor(() => sockets.length > 0, 'the gateway connecting to the hung store');
    for (let i = 0; i < 12; i++) {
      const res = await transcribe(s.gw.url);
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
    assert.ok((await dropped(s.gw.url, 'queue_full')) >= 1, 'drops counted');
  });
});

describe('a log store that refuses connections', () => {
  let s: AdminSetup;
  before(async () => {
    s = await startAdminGateway({ logs: { store: `postgres://voxgate@127.0.0.1:${await freePort()}/logs` } });
  });
  after(() => s.close());

  test('requests answer; the failed batches are counted; the admin API says the store is unavailable', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await transcribe(s.gw.url)).status, 200);
    await waitFor(async () => (await dropped(s.gw.url, 'store_failed')) >= 1, 'a failed batch counted');
    const res = await fetch(`${s.gw.url}/admin/logs`, { headers: { authorization: 'Bearer sk-bf-admin-key-for-tests-0123456789' } });
    assert.equal(res.status, 503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'log_store_unavailable');
  });
});
