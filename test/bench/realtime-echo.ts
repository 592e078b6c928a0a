// A realtime upstream for the bench, in its own process: OpenAI's transcription
// session protocol, answering each input_audio_buffer.append at once with a
// transcription delta whose text is the append's event_id, so the client can
// time each frame's round trip. Prints {"url": …} when listening.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const server = http.createServer((_req, res) => res.writeHead(426).end());
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.send(JSON.stringify({ type: 'session.created', event_id: 'event_0', session: { type: 'transcription' } }));
  ws.on('message', (data) => {
    const event = JSON.parse(String(data)) as { type: string; event_id?: string };
    if (event.type === 'input_audio_buffer.append') ws.send(JSON.stringify({ type: 'conversation.item.input_audio_transcription.delta', event_id: 'e', item_id: 'item_1', content_index: 0, delta: event.event_id ?? '' }));
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`));
process.once('SIGTERM', () => process.exit(0));
