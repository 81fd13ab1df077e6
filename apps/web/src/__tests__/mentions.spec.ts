import {
  insertMention,
  mentionIds,
  mentionMatches,
  mentionQuery,
  mentionsAfterEdit,
  tooManyMentions,
  validPicks,
} from '../mentions';

const nurlan = { id: 'n', displayName: 'Nurlan Coordinator' };
const marat = { id: 'm', displayName: 'Marat Member' };
const aigul = { id: 'a', displayName: 'Айгуль Осмонова' };

describe('mentions in the message box', () => {
  it('reads the name typed after an @ that starts a word, up to the caret', () => {
    expect(mentionQuery('hi @Nur', 7)).toEqual({ start: 3, query: 'Nur' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('see @Marat Mem', 14)).toEqual({ start: 4, query: 'Marat Mem' });
    // An address is not a mention; nor is an @ on an earlier line, or text after the caret.
    expect(mentionQuery('write to a@example.org', 22)).toBeUndefined();
    expect(mentionQuery('@Nur\nnext', 9)).toBeUndefined();
    expect(mentionQuery('hi @Nur and more', 7)).toEqual({ start: 3, query: 'Nur' });
    expect(mentionQuery(`@${'x'.repeat(41)}`, 42)).toBeUndefined();
  });

  it('offers people whose name, or a word of it, starts with what was typed, in any case', () => {
    expect(mentionMatches([nurlan, marat, aigul], 'm')).toEqual([marat]);
    const kim = { id: 'k', displayName: 'Coordinator Kim' };
    // A name that starts with it comes before one with a later word that does.
    expect(mentionMatches([nurlan, kim], 'coord')).toEqual([kim, nurlan]);
    expect(mentionMatches([nurlan, marat, aigul], 'COORD')).toEqual([nurlan]);
    expect(mentionMatches([nurlan, marat, aigul], 'осм')).toEqual([aigul]);
    expect(mentionMatches([nurlan, marat, aigul], '')).toEqual(
      [aigul, marat, nurlan].sort((x, y) => x.displayName.localeCompare(y.displayName)),
    );
    expect(mentionMatches([nurlan, marat, aigul], 'zz')).toEqual([]);
    // Accents and ё need not be typed, nor typed where the name has none.
    const jose = { id: 'j', displayName: 'José Quispe' };
    const yolkin = { id: 'y', displayName: 'Пётр Ёлкин' };
    expect(mentionMatches([jose, yolkin], 'jose')).toEqual([jose]);
    expect(mentionMatches([jose, yolkin], 'JOSÉ Q')).toEqual([jose]);
    expect(mentionMatches([jose, yolkin], 'елк')).toEqual([yolkin]);
    expect(mentionMatches([nurlan], 'nürl')).toEqual([nurlan]);
    expect(mentionMatches([jose], 'José Quispe ')).toEqual([]);
    expect(mentionMatches([nurlan, marat, aigul], '', 2)).toHaveLength(2);
  });

  it('puts the chosen name in place of what was typed, and mentions only names still in the text', () => {
    expect(insertMention('hi @Nur, see', 3, 7, nurlan)).toEqual({
      text: 'hi @Nurlan Coordinator , see',
      caret: 23,
    });
    const body = 'hi @Nurlan Coordinator and @Marat Member';
    expect(mentionIds(body, [nurlan, marat, nurlan, aigul])).toEqual(['n', 'm']);
    expect(mentionIds('hi all', [nurlan])).toEqual([]);
    // Every person named counts, so that a box can say it names too many instead of leaving some out.
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, displayName: `P${i}` }));
    const ids = mentionIds(many.map((p) => `@${p.displayName}`).join(' '), many);
    expect(ids).toHaveLength(30);
    const t = (key: string, options: Record<string, unknown>) => `${key} ${JSON.stringify(options)}`;
    expect(tooManyMentions(ids, t)?.()).toBe('rooms.tooManyMentions {"count":30,"max":20}');
    expect(tooManyMentions(ids.slice(0, 20), t)).toBeUndefined();
  });
});

describe('mentions, on the edges', () => {
  const ann = { id: 'ann', displayName: 'Ann' };
  const annLee = { id: 'ann-lee', displayName: 'Ann Lee' };
  const otherAnn = { id: 'ann-2', displayName: 'Ann' };

  it('offers nobody for an @ followed by a space, nor once a whole name is written', () => {
    expect(mentionQuery('see you @ ', 10)).toBeUndefined();
    const picked = insertMention('hi @Ann', 3, 7, annLee);
    const after = mentionQuery(picked.text, picked.caret);
    expect(mentionMatches([ann, annLee], after?.query ?? 'x')).toEqual([]);
    // Still typing a longer name that starts like a whole one: offered.
    expect(mentionMatches([ann, annLee], 'Ann')).toEqual([ann, annLee]);
  });

  it('replaces the whole word the caret is in', () => {
    expect(insertMention('hi @Ann Le|e there'.replace('|', ''), 3, 10, annLee)).toEqual({
      text: 'hi @Ann Lee there',
      caret: 12,
    });
  });

  it('mentions the longest picked name written, and of two picks of one name the last', () => {
    expect(mentionIds('hi @Ann Lee', [ann, annLee])).toEqual(['ann-lee']);
    expect(mentionIds('hi @Ann and @Ann Lee', [ann, annLee])).toEqual(['ann', 'ann-lee']);
    expect(mentionIds('hi @Annabel', [ann])).toEqual([]);
    expect(mentionIds('hi @Ann, welcome', [ann, otherAnn])).toEqual(['ann-2']);
  });

  it('stops mentioning only the people whose name an edit takes out of the text', () => {
    const bob = { id: 'bob', displayName: 'Bob' };
    expect(mentionsAfterEdit('@Ann Lee and @Bob, see this', '@Bob, see this', [annLee, bob])).toEqual([
      'bob',
    ]);
    expect(mentionsAfterEdit('@Ann Lee see this', '@Ann Lee, see this', [annLee])).toEqual(['ann-lee']);
    // Renamed since (the text holds the old name), or mentioned without a name in the text: kept.
    expect(mentionsAfterEdit('@Annie Lee see this', 'Ann, see this', [annLee])).toEqual(['ann-lee']);
    expect(mentionsAfterEdit('see this', 'see this now', [bob])).toEqual(['bob']);
    expect(mentionsAfterEdit('@Bob hi', '@Bob hi', [])).toEqual([]);
  });

  it('keeps only well-formed picks restored from storage', () => {
    expect(validPicks('nonsense')).toBeUndefined();
    expect(validPicks([ann, null, { id: 1 }, { id: 'x', displayName: 'X' }])).toEqual([
      ann,
      { id: 'x', displayName: 'X' },
    ]);
  });
});
