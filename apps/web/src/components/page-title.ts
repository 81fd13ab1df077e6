import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The browser tab's title for the page shown, in the language shown: "Events · Ashar". Without a
 * title yet (still loading), the site's own title.
 */
export function usePageTitle(title: string | undefined): void {
  const { t } = useTranslation();
  const full = title ? t('pageTitle', { title }) : t('appTitle');
  useEffect(() => {
    document.title = full;
  }, [full]);
}
