import { afterAnswer, loadDraft, pendingMessages, saveDraft, settleDraft, type Pending } from '../drafts';

/** A Storage in memory: these tests run outside a browser. */
class MemoryStorage {
  private items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
  key = (index: number) => [...this.items.keys()][index] ?? null;
  get length() {
    return this.items.size;
  }
}

describe('a message pending in a thread', () => {
  const sent: Pending = { body: 'fast one', clientId: 'c1', roomId: 'r1' };

  beforeEach(() => {
    const storage = new MemoryStorage();
    // Object.keys(localStorage) lists the stored keys in a browser: the same here.
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      value: new Proxy(storage, {
        ownKeys: () => Array.from({ length: storage.length }, (_, i) => storage.key(i) as string),
        getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
      }),
    });
  });

  it('leaves once stored, keeping what was typed since', () => {
    saveDraft('u', 't', { body: 'fast two', pending: sent });
    expect(pendingMessages('u')).toEqual([{ threadId: 't', pending: { ...sent, mentions: undefined } }]);
    expect(settleDraft('u', 't', sent)).toEqual({ body: 'fast two', mentions: undefined });
    expect(loadDraft('u', 't')).toEqual({ body: 'fast two', mentions: undefined });
    expect(pendingMessages('u')).toEqual([]);
  });

  it('goes back into the box when refused, before what was typed since, with the reason', () => {
    saveDraft('u', 't', { body: 'fast two', pending: sent });
    expect(settleDraft('u', 't', sent, 'Locked')).toMatchObject({
      body: 'fast one\n\nfast two',
      refused: 'Locked',
    });
    expect(loadDraft('u', 't')?.pending).toBeUndefined();
  });

  it('leaves a draft whose pending message is another one alone', () => {
    const other = { ...sent, clientId: 'c2' };
    saveDraft('u', 't', { body: '', pending: other });
    expect(settleDraft('u', 't', sent)).toBeUndefined();
    expect(loadDraft('u', 't')?.pending?.clientId).toBe('c2');
  });

  it('answers the box as it is, even when another sender settled the stored draft first', () => {
    const picked = { id: 'p1', displayName: 'Aida' };
    const box = { body: 'next', mentions: [picked], pending: { ...sent, mentions: [picked] } };
    expect(afterAnswer(box, sent)).toEqual({ body: 'next', mentions: [picked] });
    expect(afterAnswer(box, sent, 'Muted')).toEqual({
      body: 'fast one\n\nnext',
      mentions: [picked],
      refused: 'Muted',
    });
    expect(afterAnswer({ body: 'next' }, sent)).toBeUndefined();
  });
});
