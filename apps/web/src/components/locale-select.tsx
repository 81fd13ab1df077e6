import { useId } from 'react';
import { ENDONYMS, LOCALES } from '../language';

interface LocaleSelectProps {
  name: string;
  label: string;
  defaultValue?: string;
  error?: string;
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
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {ENDONYMS[locale]}
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
