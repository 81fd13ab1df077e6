import { ENDONYMS, LOCALES } from '../language';
import { FieldFrame } from './form-field';

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

/**
 * A labelled choice of one language, uncontrolled (`defaultValue`) or controlled (`value` and
 * `onChange`).
 */
export function LocaleSelect({
  name,
  label,
  hint,
  error,
  defaultValue,
  value,
  onChange,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  value?: string;
  onChange?: (locale: string) => void;
}) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {(control) => (
        <select
          {...control}
          name={name}
          defaultValue={defaultValue}
          value={value}
          onChange={onChange && ((event) => onChange(event.target.value))}
        >
          <LocaleOptions />
        </select>
      )}
    </FieldFrame>
  );
}
