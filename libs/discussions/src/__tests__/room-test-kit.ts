import { randomUUID } from 'node:crypto';
import { AccountsService, Role, TokenService, type AuthUser, type RoleGrant } from '@ashar/accounts';
import type { INestApplication } from '@nestjs/common';
import { io, type Socket } from 'socket.io-client';

export interface Person {
  user: AuthUser;
  token: string;
}

let counter = 0;

/** Creates an account with the given roles straight through the accounts service, and a token for it. */
export async function person(
  app: INestApplication,
  name: string,
  grants: RoleGrant[] = [{ role: Role.MEMBER, countryCode: null }],
): Promise<Person> {
  const user = await app.get(AccountsService).createUser({
    email: `${name.toLowerCase().replace(/\W+/g, '.')}.${++counter}.${randomUUID().slice(0, 8)}@example.org`,
    password: 'a long enough password',
    displayName: name,
    preferredLocale: 'en',
    grants,
  });
  return { user, token: app.get(TokenService).issue(user.id) };
}

export interface Ack {
  ok: boolean;
  error?: { code: string; message: string; fields?: { path: string; code: string }[]; retryAfter?: number };
  [key: string]: unknown;
}

export interface WireMessage {
  id: string;
  roomId: string;
  threadId: string;
  seq: number;
  clientId: string;
  body: string | null;
  bodyHtml: string | null;
  author: { id: string; displayName: string } | null;
  deleted: boolean;
  edited: boolean;
  reactions: { emoji: string; count: number; userIds: string[] }[];
}

/** A real socket.io client, connected (or refused) before it is returned. */
export async function connect(url: string, options: { token?: string; lang?: string } = {}): Promise<Socket> {
  const socket = io(url, {
    auth: {
      ...(options.token ? { token: options.token } : {}),
      ...(options.lang ? { lang: options.lang } : {}),
    },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
  return socket;
}

export function ack(socket: Socket, event: string, ...args: unknown[]): Promise<Ack> {
  return socket.timeout(15_000).emitWithAck(event, ...args) as Promise<Ack>;
}

/** Collects every event of one name a socket receives, from now on. */
export function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/** Resolves with the first event that matches, or rejects after a generous bound. */
export function next<T>(
  socket: Socket,
  event: string,
  matches: (payload: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no "${event}" event arrived`));
    }, 15_000);
    const listener = (payload: T) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

export function send(
  socket: Socket,
  roomId: string,
  threadId: string,
  body: string,
  clientId: string = randomUUID(),
) {
  return ack(socket, 'message:send', { roomId, threadId, body, clientId });
}
