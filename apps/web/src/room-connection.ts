import { io, type Socket } from 'socket.io-client';
import { ApiError, storedToken, type FieldProblem } from './api';

export interface Person {
  id: string;
  displayName: string;
}

export interface Reaction {
  emoji: string;
  count: number;
  userIds: string[];
}

export interface Message {
  id: string;
  roomId: string;
  threadId: string;
  seq: number;
  clientId: string;
  author: Person | null;
  replyTo: string | null;
  /** The people the message mentions. */
  mentions?: Person[];
  body: string | null;
  reactions: Reaction[];
  edited: boolean;
  deleted: boolean;
  createdAt: string;
}

/** `signedOut`: the server closed the socket and refuses this person's token (signed out, suspended). */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'signedOut';

type Ack =
  | { ok: true; [key: string]: unknown }
  | { ok: false; error: { code: string; message: string; fields?: FieldProblem[] } };

/**
 * A refusal from the server, with its code and a message in the socket's language (empty when the
 * server was never reached: OFFLINE, TIMEOUT). An ApiError, so the usual error displays show it.
 */
export class RoomActionError extends ApiError {}

const TYPING_SHOWN_MS = 5_000;
const TYPING_SENT_EVERY_MS = 3_000;

/** A new message's id, chosen by the sender so that sending it again cannot post it twice. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const NO_MESSAGES: readonly Message[] = [];

/**
 * One live room: the socket, every message seen (by id, so nothing shows twice), who is here and who
 * is typing. On every (re)connect it joins with the highest seq it has seen, so the server sends
 * exactly what was missed; the page re-renders when `version` changes.
 */
export class RoomConnection {
  readonly messages = new Map<string, Message>();
  readonly present = new Map<string, Person>();
  readonly typing = new Map<string, { person: Person; threadId: string | null; until: number }>();
  status: ConnectionStatus = 'connecting';
  /** The server took this person out of the room (a ban): the page asks why and says so. */
  removed = false;
  /**
   * The last mute news for this person here, told while the page is open: until when (null: lifted).
   * Each is a new object, so the page can tell one from the next.
   */
  muted: { until: Date | null } | undefined;
  /** Set anew each time the room lets this person back in while the page is open (a ban lifted). */
  restored: object | undefined;
  /** How often the room's open reports changed while the page is open (told to moderators only). */
  reportsChanged = 0;
  /** How often a thread was locked, unlocked, pinned or unpinned while the page is open. */
  threadsChanged = 0;
  lastError: RoomActionError | undefined;
  version = 0;
  /** How often the room was joined again after a lost connection: shown threads are read afresh. */
  rejoins = 0;
  /** The last message told live (a new object each time): the page's thread list follows it. */
  arrived: { threadId: string; authorId: string | null } | undefined;
  /** Every message of the room up to this seq has arrived: what a rejoin asks for after it. */
  private lastSeq: number;
  /** Seqs above lastSeq that arrived before a lower one (live messages can overtake each other). */
  private ahead = new Set<number>();
  private joinedBefore = false;
  private byThread: { version: number; threads: Map<string, Message[]> } | undefined;
  private socket: Socket | undefined;
  private listeners = new Set<() => void>();
  private lastTypingSent = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly roomId: string,
    seenSeq: number,
    /** The language refusals are worded in (sent at every connect). */
    private lang: string,
  ) {
    this.lastSeq = seenSeq;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  start(): void {
    const socket = io({
      // Read again on every (re)connect, so a language switch reaches the server's next handshake.
      // The token too: another tab may have renewed it (a password changed there ends the old one).
      auth: (send) => {
        const token = storedToken();
        send({ ...(token ? { token } : {}), lang: this.lang });
      },
      transports: ['websocket', 'polling'],
    });
    this.socket = socket;
    socket.on('connect', () => void this.join());
    socket.on('disconnect', (reason) => {
      // Closed by the server (the person's tokens were revoked): connect again, which a refused token
      // answers with connect_error, instead of waiting for a network that is there.
      if (reason === 'io server disconnect') {
        this.setStatus('connecting');
        socket.connect();
      } else this.setStatus('offline');
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) =>
      this.setStatus(error.data?.code === 'UNAUTHENTICATED' ? 'signedOut' : 'offline'),
    );
    socket.on('message:new', (message: Message) => {
      // The author's message is here: they stopped typing.
      if (message.author) this.typing.delete(message.author.id);
      this.arrived = { threadId: message.threadId, authorId: message.author?.id ?? null };
      this.merge([message], true);
    });
    socket.on('message:updated', (message: Message) => this.merge([message], true));
    socket.on('message:deleted', (event: { id: string; seq: number }) => {
      const known = this.messages.get(event.id);
      if (known) this.messages.set(event.id, { ...known, deleted: true, body: null });
      this.changed();
    });
    socket.on('reaction:updated', (event: { messageId: string; reactions: Reaction[] }) => {
      const known = this.messages.get(event.messageId);
      if (known) this.messages.set(known.id, { ...known, reactions: event.reactions });
      this.changed();
    });
    // Told to all of the person's sockets: only this room's removal is this page's concern.
    socket.on('removed', (event: { roomId: string }) => {
      if (event.roomId !== this.roomId) return;
      this.removed = true;
      this.changed();
    });
    // Let back in (a ban lifted): joined again, so that what was said meanwhile comes in.
    socket.on('restored', (event: { roomId: string }) => {
      if (event.roomId !== this.roomId) return;
      this.removed = false;
      this.restored = {};
      this.changed();
      void this.join();
    });
    socket.on('muted', (event: { roomId: string; until: string | null }) => {
      if (event.roomId !== this.roomId) return;
      this.muted = { until: event.until ? new Date(event.until) : null };
      this.changed();
    });
    socket.on('reports', (event: { roomId: string }) => {
      if (event.roomId !== this.roomId) return;
      this.reportsChanged++;
      this.changed();
    });
    socket.on('thread:changed', (event: { roomId: string }) => {
      if (event.roomId !== this.roomId) return;
      this.threadsChanged++;
      this.changed();
    });
    socket.on('presence', (event: { joined?: Person; left?: Person }) => {
      if (event.joined) this.present.set(event.joined.id, event.joined);
      if (event.left) {
        this.present.delete(event.left.id);
        this.typing.delete(event.left.id);
      }
      this.changed();
    });
    socket.on('typing', (event: { person: Person; threadId: string | null }) => {
      this.typing.set(event.person.id, { ...event, until: Date.now() + TYPING_SHOWN_MS });
      this.changed();
      this.scheduleTypingExpiry();
    });
    // A phone that loses its network should say so at once, not after the heartbeat times out.
    window.addEventListener('offline', this.wentOffline);
    window.addEventListener('online', this.cameOnline);
  }

  stop(): void {
    window.removeEventListener('offline', this.wentOffline);
    window.removeEventListener('online', this.cameOnline);
    clearTimeout(this.typingTimer);
    this.socket?.emit('room:leave', { roomId: this.roomId }, () => undefined);
    this.socket?.disconnect();
    this.socket = undefined;
    this.listeners.clear();
  }

  /**
   * The server words its refusals in the language the socket gave when it connected: after a switch,
   * connect again (joining from the last seq seen, so nothing is missed or repeated).
   */
  setLanguage(lang: string): void {
    if (this.lang === lang) return;
    this.lang = lang;
    const socket = this.socket;
    if (!socket?.connected) return; // the next connect, when it comes, carries the new language
    socket.disconnect();
    this.setStatus('connecting');
    socket.connect();
  }

  private wentOffline = () => {
    this.socket?.disconnect();
    this.setStatus('offline');
  };

  private cameOnline = () => {
    if (this.socket && !this.socket.connected) {
      this.setStatus('connecting');
      this.socket.connect();
    }
  };

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.changed();
  }

  /** Wakes when the first of the shown typists' signals runs out (each one's own time, not the last's). */
  private scheduleTypingExpiry(): void {
    clearTimeout(this.typingTimer);
    if (this.typing.size === 0) return;
    const first = Math.min(...[...this.typing.values()].map((entry) => entry.until));
    this.typingTimer = setTimeout(() => this.expireTyping(), Math.max(0, first - Date.now()) + 100);
  }

  private expireTyping(): void {
    const now = Date.now();
    for (const [id, entry] of this.typing) if (entry.until <= now) this.typing.delete(id);
    this.changed();
    this.scheduleTypingExpiry();
  }

  /** Joins from the last seq seen and takes every page of what was missed, oldest first. */
  private async join(): Promise<void> {
    for (let page = 0; page < 50; page += 1) {
      const ack = await this.request<{ messages: Message[]; hasMore: boolean; present: Person[] }>(
        'room:join',
        {
          roomId: this.roomId,
          sinceSeq: this.lastSeq,
        },
      ).catch((error: unknown) => {
        this.lastError = error instanceof RoomActionError ? error : undefined;
        this.setStatus('offline');
        return undefined;
      });
      if (!ack) return;
      this.present.clear();
      for (const person of ack.present) this.present.set(person.id, person);
      this.merge(ack.messages, true);
      if (!ack.hasMore) break;
    }
    this.lastError = undefined;
    if (this.joinedBefore) this.rejoins += 1;
    this.joinedBefore = true;
    this.setStatus('online');
  }

  /**
   * Adds or replaces messages by id. Only messages that arrived through the room's socket advance the
   * seq we resume from: a thread loaded over GraphQL says nothing about the room's other threads. And
   * only up to the first one missing: a room's seqs have no gaps, but live messages can arrive out of
   * order, and resuming after the highest one seen would skip one still on its way when the
   * connection dropped.
   */
  merge(list: Message[], advance: boolean): void {
    for (const message of list) {
      this.messages.set(message.id, message);
      if (advance && message.seq > this.lastSeq) this.ahead.add(message.seq);
    }
    while (this.ahead.delete(this.lastSeq + 1)) this.lastSeq += 1;
    this.changed();
  }

  /** A thread's messages in seq order; worked out for every thread at once, once per change. */
  threadMessages(threadId: string): readonly Message[] {
    if (this.byThread?.version !== this.version) {
      const threads = new Map<string, Message[]>();
      for (const message of this.messages.values()) {
        const list = threads.get(message.threadId);
        if (list) list.push(message);
        else threads.set(message.threadId, [message]);
      }
      for (const list of threads.values()) list.sort((a, b) => a.seq - b.seq);
      this.byThread = { version: this.version, threads };
    }
    return this.byThread.threads.get(threadId) ?? NO_MESSAGES;
  }

  private request<T>(event: string, payload: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const socket = this.socket;
      if (!socket?.connected) {
        reject(new RoomActionError('OFFLINE', ''));
        return;
      }
      socket.timeout(15_000).emit(event, payload, (timeout: Error | null, ack: Ack) => {
        if (timeout) reject(new RoomActionError('TIMEOUT', ''));
        else if (!ack.ok) reject(new RoomActionError(ack.error.code, ack.error.message, ack.error.fields));
        else resolve(ack as unknown as T);
      });
    });
  }

  async send(
    threadId: string,
    body: string,
    clientId: string,
    replyTo?: string,
    mentions: string[] = [],
  ): Promise<Message> {
    const { message } = await this.request<{ message: Message }>('message:send', {
      roomId: this.roomId,
      threadId,
      body,
      clientId,
      ...(replyTo ? { replyTo } : {}),
      ...(mentions.length > 0 ? { mentions } : {}),
    });
    // Not `advance`: a lower seq from someone else may still be on its way; its broadcast moves us on.
    this.merge([message], false);
    return message;
  }

  /** Edits a message's text; `mentions` are the people it names now. */
  async edit(messageId: string, body: string, mentions: string[]): Promise<void> {
    const { message } = await this.request<{ message: Message }>('message:edit', {
      messageId,
      body,
      mentions,
    });
    this.merge([message], false);
  }

  async remove(messageId: string): Promise<void> {
    const { message } = await this.request<{ message: Message }>('message:delete', { messageId });
    this.merge([message], false);
  }

  async react(messageId: string, emoji: string): Promise<void> {
    const { reactions } = await this.request<{ reactions: Reaction[] }>('reaction:toggle', {
      messageId,
      emoji,
    });
    const known = this.messages.get(messageId);
    if (known) this.merge([{ ...known, reactions }], false);
  }

  /** Tells the room this person is typing, at most every few seconds. */
  typingIn(threadId: string): void {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_SENT_EVERY_MS || !this.socket?.connected) return;
    this.lastTypingSent = now;
    this.socket.emit('typing', { roomId: this.roomId, threadId }, () => undefined);
  }
}
