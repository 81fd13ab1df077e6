import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate, useNavigationType } from 'react-router-dom';
import { pendingMessages } from '../drafts';
import { mayLeave } from '../edit-conflict';
import { useQueuedMessages } from '../queued-messages';
import { signInPath } from '../safe-links';
import { hasRole, IMPORT_ROLES, NETWORK_WIDE_ROLES, TRANSLATION_TASK_ROLES, useSession } from '../session';
import { Loading } from './error-notice';
import { LanguageSwitcher } from './language-switcher';

const SECTIONS = [
  ['/', 'nav.home'],
  ['/search', 'nav.search'],
  ['/rooms', 'nav.rooms'],
  ['/events', 'nav.events'],
  ['/materials', 'nav.materials'],
  ['/directory', 'nav.directory'],
] as const;

/**
 * Keeps `?lang=` in the address bar so that a copied link opens in the same language, without
 * losing the `#fragment` a link pointed at.
 */
function useLanguageInUrl() {
  const { i18n } = useTranslation();
  const { pathname, search, hash } = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    // A newer navigation may already own the address bar while its page is still loading (a link
    // clicked just as this page appeared): replacing it with this page's address would undo it.
    // That navigation's own page adds the language once it is shown.
    if (!isAddressBar(`${pathname}${search}${hash}`)) return;
    const params = new URLSearchParams(search);
    if (params.get('lang') === i18n.language) return;
    params.set('lang', i18n.language);
    void navigate({ pathname, search: `?${params}`, hash }, { replace: true, preventScrollReset: true });
  }, [navigate, pathname, search, hash, i18n.language]);
}

/** Whether the address bar shows this path, however either spells its characters. */
function isAddressBar(path: string): boolean {
  const { pathname, search, hash } = window.location;
  const shown = `${pathname}${search}${hash}`;
  try {
    return decodeURI(shown) === decodeURI(path);
  } catch {
    return shown === path;
  }
}

/** Waits (a while) for the element a `#fragment` names, which a page may only draw once its data is in. */
function scrollToFragment(hash: string): () => void {
  let id: string;
  try {
    id = decodeURIComponent(hash.slice(1));
  } catch {
    return () => undefined;
  }
  const reveal = () => {
    const target = document.getElementById(id);
    if (!target) return false;
    target.scrollIntoView({ block: 'start' });
    return true;
  };
  if (reveal()) return () => undefined;
  const observer = new MutationObserver(() => {
    if (reveal()) stop();
  });
  const timer = setTimeout(() => stop(), 10_000);
  function stop() {
    observer.disconnect();
    clearTimeout(timer);
  }
  observer.observe(document.body, { childList: true, subtree: true });
  return stop;
}

/**
 * A new page starts at its top (or at the `#fragment` its link names), and the keyboard focus moves
 * to it; the browser's Back and Forward keep their own scroll positions. Changing only the query
 * (filters, a search being typed) moves nothing. The first page of a visit keeps the focus where the
 * browser puts it, so the first Tab reaches the skip link.
 */
function useNewPageFocusAndScroll() {
  const { pathname, hash, key } = useLocation();
  const navigationType = useNavigationType();
  const shownPath = useRef(pathname);

  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    document.getElementById('main')?.focus({ preventScroll: true });
    if (navigationType !== 'POP' && !hash) window.scrollTo(0, 0);
  }, [pathname, hash, navigationType]);

  useEffect(() => {
    if (!hash) return;
    return scrollToFragment(hash);
    // Each navigation to a fragment (the same one again, too) scrolls to it.
  }, [hash, key]);
}

export function Layout() {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  useQueuedMessages(user?.id);
  const { pathname, search, hash } = useLocation();
  useLanguageInUrl();
  useNewPageFocusAndScroll();
  const signIn = /^\/(sign-in|register)$/.test(pathname)
    ? '/sign-in'
    : signInPath(`${pathname}${search}${hash}`);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header className="site-header">
        <div className="header-row">
          <Link to="/" className="brand">
            {t('common:appName')}
          </Link>
          <LanguageSwitcher />
        </div>
        <nav aria-label={t('nav.main')}>
          <ul className="nav-list">
            {SECTIONS.map(([to, key]) => (
              <li key={to}>
                <NavLink to={to} end={to === '/'}>
                  {t(key)}
                </NavLink>
              </li>
            ))}
            {hasRole(user, ...IMPORT_ROLES) && (
              <li>
                <NavLink to="/import">{t('nav.import')}</NavLink>
              </li>
            )}
            {hasRole(user, ...TRANSLATION_TASK_ROLES) && (
              <li>
                <NavLink to="/translations">{t('nav.translations')}</NavLink>
              </li>
            )}
            {hasRole(user, ...NETWORK_WIDE_ROLES) && (
              <li>
                <NavLink to="/people">{t('nav.people')}</NavLink>
              </li>
            )}
          </ul>
          <ul className="nav-list nav-account">
            {user ? (
              <>
                <li>
                  <NavLink to="/profile">{t('nav.profile')}</NavLink>
                </li>
                <li>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() =>
                      // Signing out forgets this browser's drafts, messages waiting to go out among them.
                      (pendingMessages(user.id).length === 0 || window.confirm(t('rooms.unsentOnSignOut'))) &&
                      mayLeave(t) &&
                      signOut()
                    }
                  >
                    {t('nav.signOut')}
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to={signIn}>{t('nav.signIn')}</NavLink>
                </li>
                <li>
                  <NavLink to="/register">{t('nav.register')}</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('footer.tagline')}</p>
      </footer>
    </>
  );
}
