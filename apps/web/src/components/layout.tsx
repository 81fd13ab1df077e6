import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useSearchParams } from 'react-router-dom';
import { useSession } from '../session';
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

/** Keeps `?lang=` in the address bar so that a copied link opens in the same language. */
function useLanguageInUrl() {
  const { i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { pathname } = useLocation();
  useEffect(() => {
    if (params.get('lang') === i18n.language) return;
    const next = new URLSearchParams(params);
    next.set('lang', i18n.language);
    setParams(next, { replace: true });
  }, [params, setParams, i18n.language, pathname]);
}

export function Layout() {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const { pathname } = useLocation();
  useLanguageInUrl();

  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [pathname]);

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
          </ul>
          <ul className="nav-list nav-account">
            {user ? (
              <>
                <li>
                  <NavLink to="/profile">{t('nav.profile')}</NavLink>
                </li>
                <li>
                  <button type="button" className="link-button" onClick={signOut}>
                    {t('nav.signOut')}
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/sign-in">{t('nav.signIn')}</NavLink>
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
