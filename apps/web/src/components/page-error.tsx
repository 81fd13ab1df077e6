import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { ApiError } from '../api';
import { signInPath } from '../safe-links';
import { useSession } from '../session';
import { ErrorNotice, errorText } from './error-notice';
import { usePageTitle } from './page-title';

export interface BackLink {
  to: string;
  label: string;
}

/** The API says the thing asked for is not there, or its address cannot name anything. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT');
}

export function isRefused(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED');
}

/** A page for an address that leads nowhere: what happened and a way back. */
export function NotFoundView({ back, text }: { back?: BackLink; text?: string }) {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <section className="narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{text ?? t('notFound.text')}</p>
      <ul className="link-list">
        {back && (
          <li>
            <Link to={back.to}>{back.label}</Link>
          </li>
        )}
        <li>
          <Link to="/">{t('notFound.home')}</Link>
        </li>
      </ul>
    </section>
  );
}

/**
 * What a page shows when its main query fails: not found for an unknown or malformed address, the
 * server's reason (and, for a guest, a way to sign in and come back) when access is refused, else the
 * error with a retry.
 */
export function PageError({
  error,
  onRetry,
  back,
}: {
  error: unknown;
  onRetry?: () => void;
  back?: BackLink;
}) {
  if (isNotFound(error)) return <NotFoundView back={back} />;
  if (isRefused(error)) return <RefusedView error={error} back={back} />;
  return <FailedView error={error} onRetry={onRetry} back={back} />;
}

function RefusedView({ error, back }: { error: unknown; back?: BackLink }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { pathname, search, hash } = useLocation();
  usePageTitle(t('pageError.refusedTitle'));
  return (
    <section className="narrow">
      <h1>{t('pageError.refusedTitle')}</h1>
      <p className="notice notice-error" role="alert">
        {errorText(error, t)}
      </p>
      <ul className="link-list">
        {!user && (
          <li>
            <Link to={signInPath(`${pathname}${search}${hash}`)}>{t('pageError.signInToContinue')}</Link>
          </li>
        )}
        {back && (
          <li>
            <Link to={back.to}>{back.label}</Link>
          </li>
        )}
      </ul>
    </section>
  );
}

function FailedView({ error, onRetry, back }: { error: unknown; onRetry?: () => void; back?: BackLink }) {
  const { t } = useTranslation();
  usePageTitle(t('pageError.failedTitle'));
  return (
    <section className="narrow">
      <h1>{t('pageError.failedTitle')}</h1>
      <ErrorNotice error={error} onRetry={onRetry} />
      {back && (
        <p>
          <Link to={back.to}>{back.label}</Link>
        </p>
      )}
    </section>
  );
}
