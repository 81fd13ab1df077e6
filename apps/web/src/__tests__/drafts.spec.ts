import { afterSent } from '../drafts';

describe('afterSent', () => {
  const sent = { body: 'fast one', clientId: 'c1' };

  it('empties the box when nothing was typed while the message went', () => {
    expect(afterSent(sent, sent)).toEqual({ body: '' });
    expect(afterSent({ body: 'fast one' }, sent)).toEqual({ body: '' });
  });

  it('keeps what was typed on at its end, without the words already sent', () => {
    expect(afterSent({ body: 'fast one\nfast two' }, sent)).toEqual({ body: 'fast two' });
    expect(afterSent({ body: 'fast oneX' }, sent)).toEqual({ body: 'X' });
  });

  it('keeps a text changed elsewhere whole: it is another message', () => {
    expect(afterSent({ body: 'fast on' }, sent)).toEqual({ body: 'fast on' });
    expect(afterSent({ body: 'the fast one' }, sent)).toEqual({ body: 'the fast one' });
  });
});
