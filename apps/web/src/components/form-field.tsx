import {
  useEffect,
  useLayoutEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './error-notice';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: string;
  /** The API's message for this field, shown next to it and announced with it. */
  error?: string;
  children?: ReactNode;
}

export function FormField({ label, hint, error, id, maxLength, ...input }: FieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} maxLength={maxLength}>
      {(control) => <input {...control} {...input} />}
    </FieldFrame>
  );
}

export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/**
 * A labelled field around any control (a select, a textarea, a time input): the label, the hint and
 * the error are tied to the control the way FormField ties them to its input.
 *
 * With `maxLength`, the field counts what is typed into its text control: from four fifths of the
 * limit on, it says how many characters are left, or how many too many. The control itself takes no
 * `maxLength`: a browser would cut pasted text at the limit without a word, and what was cut would be
 * lost on saving; the API refuses text over the limit with a message on the field instead.
 */
export function FieldFrame({
  id: givenId,
  label,
  hint,
  error,
  className,
  maxLength,
  children,
}: {
  /** The control's id, when something else (a focus after adding an item) needs to find it. */
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  maxLength?: number;
  children: (control: ControlProps) => ReactNode;
}) {
  const generated = useId();
  const id = givenId ?? generated;
  const frame = useRef<HTMLDivElement>(null);
  const [length, setLength] = useState(0);
  // A controlled value can also change without typing (a draft restored, a language switched): after
  // every render the count follows the control as it is.
  useEffect(() => {
    if (maxLength === undefined) return;
    const control = frame.current?.querySelector<HTMLInputElement>(`[id="${CSS.escape(id)}"]`);
    setLength(characters(control?.value ?? '', maxLength));
  });
  const onInput =
    maxLength === undefined
      ? undefined
      : (event: FormEvent<HTMLDivElement>) => {
          const control = event.target as HTMLInputElement;
          if (control.id === id) setLength(characters(control.value, maxLength));
        };
  const counted = maxLength !== undefined && length >= maxLength * COUNT_FROM;
  const describedBy = [hint ? `${id}-hint` : '', counted ? `${id}-count` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      ref={frame}
      onInput={onInput}
      className={['field', error ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')}
    >
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {counted && <CharacterCount id={`${id}-count`} length={length} max={maxLength} />}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The share of a field's limit from which its count is shown. */
const COUNT_FROM = 0.8;

/**
 * Characters as the API and PostgreSQL count them against a limit: code points (👍 is one, ❤️ two).
 * Counted one by one only near the limit: there are never more than UTF-16 units, and a long body
 * would otherwise be spread into an array at every render.
 */
const characters = (text: string, max: number): number =>
  text.length < max * COUNT_FROM ? text.length : [...text].length;

/** How long typing pauses before a screen reader is told the count. */
const ANNOUNCE_AFTER_MS = 1000;

function CharacterCount({ id, length, max }: { id: string; length: number; max: number }) {
  const { t } = useTranslation();
  const over = length > max;
  const said = over
    ? t('common.charactersOver', { count: length - max })
    : t('common.charactersLeft', { count: max - length });
  // Told once typing pauses, not at every key (the visible count is also read with the field).
  const [announced, setAnnounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(said), ANNOUNCE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [said]);
  return (
    <>
      <p className={over ? 'field-count field-count-over' : 'field-count'} id={id}>
        {said}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announced}
      </p>
    </>
  );
}

/**
 * A group of checkboxes choosing several of `options` (countries, themes), with its legend, hint and
 * error tied to the group as FormField ties them to an input. `notice` stands under the hint (say, why
 * the options could not load).
 */
/** One checkbox with its label, and a hint under it that describes it. */
export function Checkbox({
  label,
  hint,
  ...input
}: { label: string; hint?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const id = useId();
  return (
    <div className="field">
      <label className="facet-option">
        <input type="checkbox" {...input} aria-describedby={hint ? `${id}-hint` : undefined} />
        {label}
      </label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function CheckboxGroup({
  legend,
  name,
  options,
  chosen,
  onChange,
  hint,
  error,
  notice,
}: {
  legend: string;
  name: string;
  options: readonly { value: string; label: string }[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  hint?: string;
  error?: string;
  notice?: ReactNode;
}) {
  const id = useId();
  return (
    <fieldset className="facet" aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {notice}
      {options.map((option) => (
        <label key={option.value} className="facet-option">
          <input
            type="checkbox"
            name={name}
            value={option.value}
            aria-invalid={error ? true : undefined}
            checked={chosen.includes(option.value)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? [...chosen, option.value]
                  : chosen.filter((value) => value !== option.value),
              )
            }
          />
          {option.label}
        </label>
      ))}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/**
 * After each refused attempt (`attempt` counts them), the keyboard focus goes to the first field to
 * correct, or to the notice above the form when no field is marked.
 */
/**
 * The top of a checked form, where the focus goes when a submit fails with no field to point at
 * (`useFocusOnAttempt`'s `notice`): the API's error that no field shows, and, while fields hold
 * problems found before sending, a line that says so.
 */
export function FormNotice({
  notice,
  error,
  problems,
}: {
  notice: RefObject<HTMLDivElement | null>;
  /** The API's error when no field can show it (`serverProblems(…).unplaced`), else undefined. */
  error: unknown;
  problems: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <div ref={notice} tabIndex={-1}>
      <ErrorNotice error={error} />
      {Object.keys(problems).length > 0 && (
        <p className="notice notice-error" role="alert">
          {t('common.correctFields')}
        </p>
      )}
    </div>
  );
}

export function useFocusOnAttempt(attempt: number) {
  const form = useRef<HTMLFormElement>(null);
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!attempt) return;
    (form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? notice.current)?.focus();
  }, [attempt]);
  return { form, notice };
}

/**
 * Moves the keyboard focus to the element with the id given, once it is drawn: after a list item is
 * added, moved or removed, the focus goes where the person expects it.
 */
export function useFocusById(): (id: string) => void {
  const [focusId, setFocusId] = useState<string>();
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(undefined);
  }, [focusId]);
  return setFocusId;
}

/**
 * Gives the keyboard focus back once `busy` ends to the control that had it when it began: a button
 * disabled while its action runs drops the focus to the page, and a keyboard user would have to find
 * their place again. Not when the focus went somewhere else meanwhile (a field to correct), or the
 * control is gone.
 */
export function useFocusKept(busy: boolean): void {
  const had = useRef<Element | null>(null);
  // Read while rendering the first busy state, before the DOM disables anything.
  if (busy && !had.current) had.current = document.activeElement;
  useEffect(() => {
    if (busy) return;
    const control = had.current;
    had.current = null;
    const dropped = !document.activeElement || document.activeElement === document.body;
    if (dropped && control instanceof HTMLElement && control.isConnected) control.focus();
  }, [busy]);
}

/**
 * A ref for what replaces a form once it is sent (a confirmation, a refusal): it takes the keyboard
 * focus when it appears and the focus was left nowhere (on the page), so that a keyboard user does not
 * lose their place with the form. It needs `tabIndex={-1}`.
 */
export function focusIfDropped(element: HTMLElement | null): void {
  if (element && (!document.activeElement || document.activeElement === document.body)) element.focus();
}

/**
 * While `busy`, `form` takes no input at all (`inert`, and `aria-busy`): what is typed, ticked, chosen
 * or added after pressing Save is not part of that save, and the form's answer (a merge, a page left
 * behind) would throw it away unseen. The focus, which leaves an inert form, is given back once the
 * save is over (`useFocusKept`).
 */
export function useFormLocked(form: RefObject<HTMLFormElement | null>, busy: boolean): void {
  useFocusKept(busy);
  // Unlocked in the same commit that shows the save's outcome, so that a status message added then is
  // announced (one added inside an inert form is not).
  useLayoutEffect(() => {
    const element = form.current;
    if (!busy || !element) return;
    element.inert = true;
    element.setAttribute('aria-busy', 'true');
    return () => {
      element.inert = false;
      element.removeAttribute('aria-busy');
    };
  }, [form, busy]);
}

/**
 * The state of a form that checks what it can before sending: the problems found here, the API's
 * error, whether it is sending, and the focus after each refused attempt (`useFocusOnAttempt`; put
 * `form` on the form and `notice` on what is shown above it). `submit(found, send)` shows the
 * problems found and stops, or runs `send` and shows what it threw.
 */
export function useCheckedSubmit() {
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const { form, notice } = useFocusOnAttempt(attempt);
  useFormLocked(form, busy);

  async function submit(found: Record<string, string>, send: () => Promise<void>): Promise<void> {
    setProblems(found);
    setError(undefined);
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await send();
    } catch (caught) {
      setError(caught);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  /** Forgets the problems and the error shown (another language chosen, say). */
  function reset() {
    setProblems({});
    setError(undefined);
  }

  return { problems, error, busy, form, notice, submit, reset };
}
