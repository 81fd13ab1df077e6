import { isSafeLinkTarget, MARKDOWN_INLINE, nextPath, signInPath } from '../safe-links';

/** The link tokens MarkdownView would turn into <a> elements. */
const links = (text: string) =>
  text
    .split(MARKDOWN_INLINE)
    .filter((part, index) => index % 2 === 1 && part.startsWith('['))
    .filter((part) => isSafeLinkTarget(/\]\(([^)]+)\)$/.exec(part)?.[1] ?? ''));

describe('links in content', () => {
  it.each([
    '[ok](//evil.example/x)',
    '[ok](/\\evil.example/x)',
    '[ok](javascript:alert(1))',
    '[ok](data:text/html,hi)',
    '[ok](http:/evil.example)',
    '[ok](evil.example)',
  ])('never makes %s a live link', (markdown) => {
    expect(links(markdown)).toEqual([]);
  });

  it.each([
    '[report](https://example.org/report)',
    '[site](http://example.org)',
    '[write](mailto:team@example.org)',
    '[a case](/case-studies/village-water)',
    '[lessons](/case-studies/x#lessons)',
  ])('keeps %s a link', (markdown) => {
    expect(links(markdown)).toEqual([markdown]);
  });

  it('accepts only http(s) and mailto addresses and same-site paths', () => {
    expect(isSafeLinkTarget('https://example.org/a?b=c')).toBe(true);
    expect(isSafeLinkTarget('/rooms/1')).toBe(true);
    expect(isSafeLinkTarget('//evil.example')).toBe(false);
    expect(isSafeLinkTarget('/\\evil.example')).toBe(false);
    expect(isSafeLinkTarget('JavaScript:alert(1)')).toBe(false);
    expect(isSafeLinkTarget('https:///evil')).toBe(false);
  });
});

describe('returning after sign-in', () => {
  it.each([
    ['/rooms/abc?thread=t1', '/rooms/abc?thread=t1'],
    ['/events/e1?lang=ru', '/events/e1'],
    ['/search?q=water&lang=es#top', '/search?q=water#top'],
    ['/', '/'],
  ])('returns to the same-site path %s', (next, expected) => {
    expect(nextPath(next)).toBe(expected);
  });

  it.each([
    [null],
    [''],
    ['//evil.example/x'],
    ['/\\evil.example/x'],
    ['https://evil.example/x'],
    ['javascript:alert(1)'],
    ['rooms/abc'],
    ['/sign-in?next=/rooms'],
    ['/register'],
    ['/forgot-password'],
    ['/reset-password?lang=ru#token=secret'],
    ['/\t/evil.example'],
  ])('goes home instead of to %p', (next) => {
    expect(nextPath(next)).toBe('/');
  });

  it('builds the sign-in link that comes back', () => {
    expect(signInPath('/rooms/abc?lang=ru')).toBe(`/sign-in?next=${encodeURIComponent('/rooms/abc')}`);
    expect(signInPath('/')).toBe('/sign-in');
    expect(signInPath('/sign-in')).toBe('/sign-in');
    expect(signInPath('/reset-password#token=secret')).toBe('/sign-in');
  });
});
