import { allowedTypos, editDistance, parseQuery } from './search-query';
import { markedSnippet, MARK_END, MARK_START } from './snippet';

describe('reading what a person typed', () => {
  it('takes the last plain word as a prefix, and joins it with OR after an OR', () => {
    expect(parseQuery('highland microent')).toMatchObject({
      websearch: 'highland',
      prefix: 'microent',
      prefixJoin: 'and',
    });
    expect(parseQuery('ombudsman OR irrig')).toMatchObject({
      websearch: 'ombudsman',
      prefix: 'irrig',
      prefixJoin: 'or',
    });
    expect(parseQuery('"remote districts"')).toMatchObject({ prefix: '' });
    expect(parseQuery('water -dam')).toMatchObject({ prefix: '', websearch: 'water -dam' });
  });

  it('offers only plain long words for typo tolerance, folded like the index', () => {
    expect(parseQuery('Participación "exact phrase here" -excluded tiny').fuzzyWords).toEqual([
      'participacion',
    ]);
  });

  it('reads clauses of alternatives, exclusions and phrases as web search does', () => {
    const term = (words: string[], phrase = false, negated = false) => ({ words, phrase, negated });
    expect(parseQuery('water -"dam building" "water committee" OR irrigation micro-hydro')).toMatchObject({
      clauses: [
        [term(['water'])],
        [term(['dam', 'building'], true, true)],
        [term(['water', 'committee'], true), term(['irrigation'])],
        [term(['micro', 'hydro'])],
      ],
      excluded: ['dam building'],
      rankedWebsearch: 'water "water committee" OR irrigation micro-hydro',
    });
    expect(parseQuery('ombusdman OR alpaca').clauses).toEqual([[term(['ombusdman']), term(['alpaca'])]]);
    expect(parseQuery('OR water OR').clauses).toEqual([[term(['water'])]]);
    expect(parseQuery('-water')).toMatchObject({ rankedWebsearch: '', excluded: ['water'] });
    expect(parseQuery('"open phrase').clauses).toEqual([[term(['open', 'phrase'], true)]]);
    // websearch_to_tsquery skips ! & | ( < before a -, and reads -- as NOT NOT.
    for (const query of ['Tavush (-water', 'Tavush !-water', 'Tavush |-water'])
      expect(parseQuery(query)).toMatchObject({ excluded: ['water'], rankedWebsearch: 'Tavush' });
    expect(parseQuery('Tavush --water')).toMatchObject({ excluded: [] });
    expect(parseQuery('Tavush (-"dam building"')).toMatchObject({ excluded: ['dam building'] });
    // Excluded only when it stands alone: `solar OR -Tavush` is met by solar.
    expect(parseQuery('solar OR -Tavush').excluded).toEqual([]);
  });

  it('hands PostgreSQL the query as it reads it here, whatever stray operators were typed', () => {
    // A lone `-` was NOT before the next term there (`- -water`: NOT NOT water, so water was found).
    expect(parseQuery('- -water')).toMatchObject({ websearch: '-water', excluded: ['water'], prefix: '' });
    expect(parseQuery('sand - -sand')).toMatchObject({ websearch: 'sand -sand', excluded: ['sand'] });
    // An excluded last word is no prefix to complete (`-(water` found water as one).
    expect(parseQuery('-(water')).toMatchObject({ websearch: '-water', excluded: ['water'], prefix: '' });
    expect(parseQuery('- "water"')).toMatchObject({ websearch: '"water"', excluded: [] });
    expect(parseQuery('Tavush --water')).toMatchObject({ websearch: 'Tavush water', excluded: [] });
    expect(parseQuery('micro-hydro water,-dam 3.5')).toMatchObject({
      websearch: 'micro-hydro water, dam 3.5',
      prefix: '',
    });
    expect(parseQuery('"dam -building" OR &&').websearch).toBe('"dam building" OR');
  });

  it('turns empty, symbol-only and control-character input into an empty query', () => {
    expect(parseQuery('  ').isEmpty).toBe(true);
    expect(parseQuery('!!! *** "').isEmpty).toBe(true);
    expect(parseQuery('\u0000\u0007').isEmpty).toBe(true);
    expect(parseQuery('a'.repeat(20_000)).text.length).toBe(500);
  });
});

describe('snippets', () => {
  it('escapes everything but the match markers', () => {
    expect(markedSnippet(`<script>alert("x")</script> & ${MARK_START}water${MARK_END}`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>water</mark>',
    );
  });

  it('keeps the HTML well-formed when markers are unbalanced', () => {
    expect(markedSnippet(`${MARK_START}open`)).toBe('<mark>open</mark>');
    expect(markedSnippet(`close${MARK_END}`)).toBe('close');
  });
});

describe('editDistance and allowedTypos', () => {
  it('counts letters added, left out, replaced and swapped, up to one past the limit', () => {
    expect(editDistance('irigation', 'irrigation', 2)).toBe(1);
    expect(editDistance('ombusdman', 'ombudsman', 2)).toBe(1);
    expect(editDistance('microenterprize', 'microenterprises', 2)).toBe(2);
    expect(editDistance('irigation', 'innovation', 2)).toBe(3);
    expect(editDistance('kinderen', 'anderen', 1)).toBe(2);
    expect(editDistance('water', 'water', 0)).toBe(0);
  });

  it('allows no typo below five letters, one up to eight, two from nine', () => {
    expect(['agua', 'niños', 'kinderen', 'irigation'].map(allowedTypos)).toEqual([0, 1, 1, 2]);
  });
});
