import { useId } from 'react';
import { ENDONYMS, LOCALES } from '../language';

interface LocaleSelectProps {
  name: string;
  label: string;
  defaultValue?: string;
  error?: string;
}

/** One option per language, each named in itself. */
export function LocaleOptions() {
  return (
    <>
      {LOCALES.map((locale) => (
        <option key={locale} value={locale} lang={locale}>
          {ENDONYMS[locale]}
        </option>
      ))}
    </>
  );
}

export function LocaleSelect({ name, label, defaultValue, error }: LocaleSelectProps) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <LocaleOptions />
      </select>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
