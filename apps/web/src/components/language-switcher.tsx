import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { switchLanguage } from '../i18n';
import { isLocale } from '../language';
import { LocaleOptions } from './locale-select';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { pathname, search, hash } = useLocation();
  const navigate = useNavigate();
  const id = useId();

  async function choose(value: string) {
    if (!isLocale(value)) return;
    await switchLanguage(value);
    const params = new URLSearchParams(search);
    params.set('lang', value);
    // Same page, same place on it: only the language in the address changes.
    void navigate({ pathname, search: `?${params}`, hash }, { replace: true, preventScrollReset: true });
  }

  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('nav.language')}</label>
      <select id={id} value={i18n.language} onChange={(event) => void choose(event.target.value)}>
        <LocaleOptions />
      </select>
    </div>
  );
}
