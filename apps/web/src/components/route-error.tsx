import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router-dom';
import { isChunkLoadError } from '../chunk-error';
import { usePageTitle } from './page-title';

/**
 * Shown in place of a page that failed to load or to render, inside the layout so the header and
 * the navigation stay. A page whose code could not be downloaded (offline, or a new version of the
 * site since this tab was opened) is fixed by reloading, which fetches the current code.
 */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const chunk = isChunkLoadError(error);
  const title = chunk ? t('routeError.chunkTitle') : t('routeError.title');
  usePageTitle(title);
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>{chunk ? t('routeError.chunkText') : t('routeError.text')}</p>
      <p className="actions">
        <button type="button" className="primary" onClick={() => window.location.reload()}>
          {t('routeError.reload')}
        </button>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
