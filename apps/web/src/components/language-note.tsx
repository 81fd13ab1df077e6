import { useTranslation } from 'react-i18next';
import { endonym } from '../language';

/**
 * Content is served in the requested language when a translation exists, else in its original;
 * this says so visibly, in the page's language, naming the language actually shown.
 */
export function LanguageNote({ shown, available }: { shown: string; available?: string[] }) {
  const { t, i18n } = useTranslation();
  const requested = i18n.language;
  // The grammatical form a language name takes inside a sentence (Russian: «на английском»).
  const name = (code: string) => t(`language.inline.${code}`, { defaultValue: code });
  return (
    <>
      {shown !== requested && (
        <p className="notice notice-language" lang={i18n.language}>
          {t('language.shownIn', { shown: name(shown), requested: name(requested) })}
        </p>
      )}
      {available && available.length > 0 && (
        <p className="available-languages">
          {t('language.available')}{' '}
          {available.map((code, index) => (
            <span key={code} lang={code}>
              {index > 0 && ', '}
              {endonym(code)}
            </span>
          ))}
        </p>
      )}
    </>
  );
}
