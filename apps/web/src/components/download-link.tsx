import { useState, type MouseEvent, type ReactNode } from 'react';
import { downloadFile } from '../download';
import { ErrorNotice } from './error-notice';

/**
 * A link to a file that is fetched with the session and in the page's language (`downloadFile`), and
 * says why when it cannot be. Opened with a modifier key (a new tab, "save link as"), it is left to
 * the browser.
 */
export function DownloadLink({
  href,
  filename,
  className,
  lang,
  children,
}: {
  href: string;
  filename: string;
  className?: string;
  lang?: string;
  children: ReactNode;
}) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  function download(event: MouseEvent<HTMLAnchorElement>) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    if (busy) return;
    setError(undefined);
    setBusy(true);
    downloadFile(href, filename)
      .catch(setError)
      .finally(() => setBusy(false));
  }

  return (
    <>
      <a
        className={className}
        href={href}
        download={filename}
        lang={lang}
        aria-busy={busy || undefined}
        onClick={download}
      >
        {children}
      </a>
      <ErrorNotice error={error} />
    </>
  );
}
