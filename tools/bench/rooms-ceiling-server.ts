/**
 * The ceiling for `npm run bench:rooms`: a bare socket.io server on loopback that broadcasts whatever
 * it is sent to everyone in one room. No authentication, no validation, no database: what socket.io
 * alone can deliver on this machine with the same clients and load.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http);
let seq = 0;

io.on('connection', (socket) => {
  void socket.join('room');
  socket.on('room:join', (_payload: unknown, ack?: (answer: unknown) => void) =>
    ack?.({ ok: true, messages: [] }),
  );
  socket.on('message:send', (payload: Record<string, unknown>, ack?: (answer: unknown) => void) => {
    const message = { ...payload, id: String(++seq), seq };
    io.to('room').emit('message:new', message);
    ack?.({ ok: true, message });
  });
});

http.listen(0, '127.0.0.1', () => {
  const { port } = http.address() as { port: number };
  process.stdout.write(
    `READY ${JSON.stringify({ url: `http://127.0.0.1:${port}`, roomId: 'room', threadId: 'thread' })}\n`,
  );
});
process.once('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
