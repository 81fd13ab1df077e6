/**
 * Links that content authors and addresses typed by people may carry. A path must start with exactly
 * one "/": browsers read `//host/x` and `/\host/x` as addresses on another site.
 */
export function isSameSitePath(value: string): boolean {
  return /^\/(?![/\\])/.test(value) && !/[\s\\]/.test(value);
}

/** http(s) and mailto addresses, and same-site paths; nothing else becomes a live link. */
export function isSafeLinkTarget(href: string): boolean {
  if (isSameSitePath(href)) return true;
  if (/^mailto:[^\s/\\]/i.test(href)) return true;
  if (!/^https?:\/\/[^\s/\\]/i.test(href)) return false;
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The inline Markdown a content author may use: **bold**, *emphasis*, _emphasis_, `code` and links to
 * http(s), mailto or a same-site path. A capturing group, so that `split` keeps the tokens.
 */
export const MARKDOWN_INLINE =
  /(\*\*[^*\n]+\*\*|\*[^*\n]+\*|_[^_\n]+_|`[^`\n]+`|\[[^\]\n]+\]\((?:https?:\/\/|mailto:|\/(?![/\\]))[^)\s]+\))/g;

// Signing in from the reset page must not carry its token (in the fragment) into a `?next=` address.
const PAGES_WITHOUT_RETURN = /^\/(sign-in|register|forgot-password|reset-password)(?:[/?#]|$)/;

/**
 * Where to go after signing in: the `?next=` path when it is a path on this site (not the sign-in
 * page itself), else the home page. The `lang` parameter is dropped: the language shown wins.
 */
export function nextPath(raw: string | null | undefined): string {
  if (!raw || !isSameSitePath(raw) || [...raw].some((char) => char.charCodeAt(0) < 0x20)) return '/';
  const base = 'https://this.site.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return '/';
  }
  if (url.origin !== base || PAGES_WITHOUT_RETURN.test(url.pathname)) return '/';
  url.searchParams.delete('lang');
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, told to come back to `path` (pathname, search and hash) afterwards. */
export function signInPath(path: string): string {
  const next = nextPath(path);
  return next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
}
