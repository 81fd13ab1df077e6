import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** The API's own message (already in the user's language), or ours when the server is unreachable. */
export function errorText(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiError && error.message) return error.message;
  return t('errors.network');
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorText(error, t)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** What a form shows where its choices go (the network's countries, say) while they load, or when they could not be read. */
export function ChoicesNotice({
  choices,
}: {
  choices: { loading: boolean; error: unknown; reload: () => void };
}) {
  if (choices.error) return <ErrorNotice error={choices.error} onRetry={choices.reload} />;
  return choices.loading ? <Loading /> : null;
}
