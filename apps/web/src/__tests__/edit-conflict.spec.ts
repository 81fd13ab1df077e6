import { ApiError } from '../api-error';
import { EditClash, isEditConflict, mergeEdits, saveMerging, type Edit } from '../edit-conflict';

interface Draft {
  title: string;
  summary: string;
  start: string;
  end: string;
  items: { key: number; name: string }[];
}

const base: Draft = {
  title: 'Water',
  summary: 'Pipes',
  start: '2020',
  end: '2021',
  items: [{ key: 1, name: 'CBO' }],
};

describe('mergeEdits', () => {
  it('keeps what I changed, takes what only they changed, and names what we both changed differently', () => {
    const mine = { ...base, title: 'Water for all', summary: 'Pipes and taps' };
    const theirs = { ...base, summary: 'New pipes', end: '2022' };
    expect(mergeEdits(base, mine, theirs)).toEqual({
      merged: { ...base, title: 'Water for all', summary: 'Pipes and taps', end: '2022' },
      clashes: ['summary'],
    });
  });

  it('sees no clash where both made the same change, nor in list rows numbered anew', () => {
    const mine = { ...base, title: 'Same', items: [{ key: 7, name: 'CBO' }] };
    const theirs = { ...base, title: 'Same', items: [{ key: 42, name: 'CBO' }] };
    expect(mergeEdits(base, mine, theirs).clashes).toEqual([]);
    // A list whose content they changed comes in whole.
    const renamed = { ...base, items: [{ key: 42, name: 'Village council' }] };
    expect(mergeEdits(base, base, renamed).merged.items).toEqual(renamed.items);
  });

  it('merges a field of fields one level down: two people may change different numbers', () => {
    const reach = { base: { people: 100, households: 20 } };
    const mine = { ...reach, base: { people: 120, households: 20 } };
    const theirs = { ...reach, base: { people: 100, households: 25 } };
    expect(mergeEdits(reach, mine, theirs)).toEqual({
      merged: { base: { people: 120, households: 25 } },
      clashes: [],
    });
    const clashing = { base: { people: 130, households: 25 } };
    expect(mergeEdits(reach, mine, clashing)).toEqual({
      merged: { base: { people: 120, households: 25 } },
      clashes: ['base'],
    });
  });

  it('takes a group of fields whole from one side', () => {
    const mine = { ...base, start: '2019' };
    const theirs = { ...base, end: '2018' };
    // Field by field this would make 2019–2018; as a group it is one change against another.
    expect(mergeEdits(base, mine, theirs, [['start', 'end']])).toEqual({
      merged: mine,
      clashes: ['start', 'end'],
    });
    expect(mergeEdits(base, base, theirs, [['start', 'end']]).merged).toEqual(theirs);
    expect(mergeEdits(base, mine, base, [['start', 'end']]).merged).toEqual(mine);
  });
});

describe('saveMerging', () => {
  const stale = () =>
    new ApiError('CONFLICT', 'Someone else saved this', [
      { path: 'input.expectedUpdatedAt', code: 'stale', message: 'is older' },
    ]);

  /** A record on a server: refuses a save begun from an older version, as the API does. */
  function server(record: Draft, updatedAt: string) {
    const saved: Edit<Draft>[] = [];
    let version = updatedAt;
    return {
      saved,
      saveElsewhere(changes: Partial<Draft>, at: string) {
        record = { ...record, ...changes };
        version = at;
      },
      send: async (edit: Edit<Draft>) => {
        if (edit.updatedAt !== version) throw stale();
        saved.push(edit);
        record = edit.mine;
      },
      load: async () => ({ draft: record, updatedAt: version }),
      get record() {
        return record;
      },
    };
  }

  it('merges a save made meanwhile and sends again, when nothing clashes', async () => {
    const at = server(base, 'v1');
    at.saveElsewhere({ summary: 'New pipes' }, 'v2');
    const merged: Edit<Draft>[] = [];
    await saveMerging({
      edit: { base, mine: { ...base, title: 'Water for all' }, updatedAt: 'v1' },
      send: at.send,
      load: at.load,
      onMerged: (edit) => merged.push(edit),
      message: () => 'clash',
    });
    expect(at.record).toEqual({ ...base, title: 'Water for all', summary: 'New pipes' });
    expect(merged).toHaveLength(1);
    expect(merged[0].updatedAt).toBe('v2');
  });

  it('stops with the fields both changed, leaving the merged edit with the form and the record as it was', async () => {
    const at = server(base, 'v1');
    at.saveElsewhere({ title: 'Their title', end: '2030' }, 'v2');
    let shown: Edit<Draft> | undefined;
    const attempt = saveMerging({
      edit: { base, mine: { ...base, title: 'My title' }, updatedAt: 'v1' },
      send: at.send,
      load: at.load,
      onMerged: (edit) => (shown = edit),
      message: (clashes) => `both changed ${clashes.join(', ')}`,
    });
    await expect(attempt).rejects.toThrow(new EditClash(() => 'both changed title'));
    expect(at.saved).toEqual([]);
    expect(shown).toEqual({
      base: { ...base, title: 'Their title', end: '2030' },
      mine: { ...base, title: 'My title', end: '2030' },
      updatedAt: 'v2',
    });
    // Saving again from there keeps mine and theirs.
    await saveMerging({ edit: shown!, send: at.send, load: at.load, onMerged: () => {}, message: () => '' });
    expect(at.record).toEqual({ ...base, title: 'My title', end: '2030' });
  });

  it('stops for review when asked to, with the fields both changed named as well', async () => {
    const at = server(base, 'v1');
    at.saveElsewhere({ title: 'Their title' }, 'v2');
    let reviewed = false;
    const attempt = saveMerging({
      edit: { base, mine: { ...base, title: 'My title' }, updatedAt: 'v1' },
      send: at.send,
      load: at.load,
      // As a form does: what it asks about is what it has not yet taken in (onMerged).
      toReview: () => (reviewed ? undefined : () => 'The original changed.'),
      onMerged: () => (reviewed = true),
      message: (clashes) => `Both changed ${clashes.join(', ')}.`,
    });
    await expect(attempt).rejects.toThrow('Both changed title. The original changed.');
    // Without a clash, a review alone stops it too, and nothing is sent.
    const quiet = server(base, 'v1');
    quiet.saveElsewhere({ end: '2030' }, 'v2');
    await expect(
      saveMerging({
        edit: { base, mine: { ...base, title: 'Mine' }, updatedAt: 'v1' },
        send: quiet.send,
        load: quiet.load,
        toReview: () => () => 'The original changed.',
        onMerged: () => {},
        message: () => '',
      }),
    ).rejects.toThrow('The original changed.');
    expect(quiet.saved).toEqual([]);
  });

  it('words a clash anew each time it is read: in the language the page has switched to since', async () => {
    let language = 'en';
    const clash = new EditClash(() =>
      language === 'en' ? 'Both changed: Title' : 'Вы оба изменили: Название',
    );
    expect(clash.message).toBe('Both changed: Title');
    language = 'ru';
    expect(clash.message).toBe('Вы оба изменили: Название');
  });

  it('passes any other error on, and gives up on a record saved again at every attempt', async () => {
    const refused = new ApiError('BAD_USER_INPUT', 'no', [
      { path: 'input.title', code: 'isNotEmpty', message: '' },
    ]);
    expect(isEditConflict(refused)).toBe(false);
    expect(isEditConflict(stale())).toBe(true);
    const edit = { base, mine: base, updatedAt: 'v1' };
    const options = {
      load: async () => ({ draft: base, updatedAt: 'v9' }),
      onMerged: () => {},
      message: () => '',
    };
    await expect(saveMerging({ ...options, edit, send: () => Promise.reject(refused) })).rejects.toBe(
      refused,
    );
    let sent = 0;
    const busy = saveMerging({
      ...options,
      edit,
      send: () => {
        sent += 1;
        return Promise.reject(stale());
      },
    });
    await expect(busy).rejects.toMatchObject({ code: 'CONFLICT', message: 'Someone else saved this' });
    expect(sent).toBe(3);
  });
});
