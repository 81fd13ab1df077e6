import { Role } from '@ashar/accounts';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import type { Socket } from 'socket.io-client';
import { DiscussionsModule } from '../discussions.module';
import { ack, connect, person } from './room-test-kit';

describe('room rate limits with a long window', () => {
  let t: TestApp;
  let roomId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp([DiscussionsModule], {
      roomLimits: { sendsPerWindow: 30, typingPerWindow: 1, windowSeconds: 600 },
    });
    const coordinator = await person(t.app, 'Nurlan', [
      { role: Role.NATIONAL_COORDINATOR, countryCode: 'KG' },
    ]);
    const created = await t.gql<{ createRoom: { id: string } }>(
      `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`,
      { input: { scope: 'COUNTRY', countryCode: 'KG', visibility: 'PUBLIC', originalLocale: 'ru' } },
      { token: coordinator.token },
    );
    roomId = created.data!.createRoom.id;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it.each([
    ['en', 'You are sending too fast. Please wait 10 minutes.'],
    ['ru', 'Вы отправляете слишком часто. Подождите 10 минут.'],
    ['nl', 'U verstuurt te snel. Wacht 10 minuten.'],
    ['es', 'Está enviando demasiado rápido. Espere 10 minutos.'],
  ])(
    'tells a typist over the limit (%s) to wait in minutes, rounded up, with the seconds for clients',
    async (lang, message) => {
      const typist = await person(t.app, `Typist ${lang}`);
      const socket = await connect(t.url, { token: typist.token, lang });
      sockets.push(socket);
      expect((await ack(socket, 'room:join', { roomId })).ok).toBe(true);
      expect((await ack(socket, 'typing', { roomId })).ok).toBe(true);
      const refused = await ack(socket, 'typing', { roomId });
      expect(refused.error).toEqual({ code: 'RATE_LIMITED', message, retryAfter: expect.any(Number) });
      expect(refused.error?.retryAfter).toBeGreaterThan(540);
      expect(refused.error?.retryAfter).toBeLessThanOrEqual(600);
    },
  );
});
