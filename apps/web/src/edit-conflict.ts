/**
 * Two people editing one record: an edit is sent with the `updatedAt` it began from, and the API
 * refuses it when someone saved meanwhile (CONFLICT on `input.expectedUpdatedAt`). The form then
 * brings their save in and keeps this person's changes, as a three-way merge does.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavigationType, useBlocker } from 'react-router-dom';
import { ApiError } from './api-error';
import { formatList } from './format';
import { languageInSentence } from './language';

/** The record as the form loaded it, what the person made of it, and when it was last saved then. */
export interface Edit<T> {
  base: T;
  mine: T;
  updatedAt: string;
}

/** Compared as content: the `key` numbering a list's rows for React is not part of it. */
const content = (value: unknown) =>
  JSON.stringify(value, (name, inner: unknown) => (name === 'key' ? undefined : inner));

/**
 * `mine` with `theirs` brought in: each field keeps this person's value where they changed it since
 * `base`, and takes theirs where only they did. A field both changed, each differently, keeps this
 * person's and is named in `clashes`. `groups` are fields that only make sense together (a date and
 * its time): a group is taken whole from one side. A field holding an object of fields is merged the
 * same way, one level down.
 */
export function mergeEdits<T extends object>(
  base: T,
  mine: T,
  theirs: T,
  groups: (keyof T)[][] = [],
): { merged: T; clashes: (keyof T)[] } {
  const grouped = new Set(groups.flat());
  const all = [
    ...groups,
    ...(Object.keys(base) as (keyof T)[]).filter((key) => !grouped.has(key)).map((key) => [key]),
  ];
  const merged = { ...mine };
  const clashes: (keyof T)[] = [];
  const differ = (a: T, b: T, keys: (keyof T)[]) => keys.some((key) => content(a[key]) !== content(b[key]));
  for (const keys of all) {
    if (!differ(base, theirs, keys) || !differ(theirs, mine, keys)) continue;
    if (!differ(base, mine, keys)) for (const key of keys) merged[key] = theirs[key];
    else if (keys.length === 1 && [base, mine, theirs].every((side) => isRecord(side[keys[0]]))) {
      // A field of fields (the numbers reached, say) is merged field by field.
      const [key] = keys;
      const inner = mergeEdits(base[key] as object, mine[key] as object, theirs[key] as object);
      merged[key] = inner.merged as T[keyof T];
      if (inner.clashes.length > 0) clashes.push(key);
    } else clashes.push(...keys.filter((key) => content(mine[key]) !== content(theirs[key])));
  }
  return { merged, clashes };
}

const isRecord = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The API refused an edit because the record was saved after the edit began. */
export const isEditConflict = (error: unknown): error is ApiError =>
  error instanceof ApiError &&
  error.code === 'CONFLICT' &&
  error.fields.some((field) => field.path.endsWith('expectedUpdatedAt'));

/**
 * Someone else's save is in the form now, but some fields both changed: the person decides them.
 * The message is worded anew each time it is read, in the page's language of the moment.
 */
export class EditClash extends ApiError {
  constructor(describe: () => string) {
    super('CONFLICT', describe);
  }
}

/**
 * Sends `edit`; when someone else saved the record meanwhile, loads their version, merges it in
 * (`mergeEdits`), hands the merged edit to `onMerged` (the form shows it from then on) and, with
 * nothing both changed, sends it at once. Fields both changed end it with an EditClash saying which:
 * the form shows it above the fields, and saving again sends the person's values over the latest version.
 */
export async function saveMerging<T extends object>({
  edit,
  send,
  load,
  groups,
  onMerged,
  message,
  toReview,
}: {
  edit: Edit<T>;
  send: (edit: Edit<T>) => Promise<void>;
  load: () => Promise<{ draft: T; updatedAt: string }>;
  groups?: (keyof T)[][];
  onMerged: (edit: Edit<T>) => void;
  /** What the person is told of the fields both changed. */
  message: (clashes: (keyof T)[]) => string;
  /**
   * Why the merged edit must not go out before the person has seen what changed, even without a
   * field both changed (a translation, once its original changed); undefined when it may.
   */
  toReview?: () => (() => string) | undefined;
}): Promise<void> {
  // Bounded: a record saved again and again by others while this one is merged gives up with their error.
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(edit);
    } catch (error) {
      if (!isEditConflict(error) || attempt === 3) throw error;
      const latest = await load();
      const { merged, clashes } = mergeEdits(edit.base, edit.mine, latest.draft, groups);
      edit = { base: latest.draft, mine: merged, updatedAt: latest.updatedAt };
      // Asked before the form takes the merge: once it has, what was new is no longer new to it.
      const review = toReview?.();
      onMerged(edit);
      if (clashes.length > 0 || review)
        throw new EditClash(() =>
          [clashes.length > 0 ? message(clashes) : '', review?.() ?? ''].filter(Boolean).join(' '),
        );
    }
  }
}

/**
 * What a form says when fields both people changed still show this person's: `saveMerging`'s
 * `message`, naming them by their labels (i18n keys) in the page's language when it is read.
 */
export function clashesNamed<K extends string>(
  labels: Record<K, string>,
  t: (key: string, options?: Record<string, unknown>) => string,
  i18n: { language: string },
): (clashes: K[]) => string {
  return (clashes) =>
    t('edits.clashed', {
      fields: formatList(
        clashes.map((key) => t(labels[key])),
        i18n.language,
      ),
    });
}

/**
 * A form's edit, as saveMerging takes it: `loaded` is what the form was filled with and when that was
 * saved (an edit sends what changed since), `draft` what the form holds now. `merged` is saveMerging's
 * `onMerged`: someone else's save brought in.
 */
export function useEdit<T>(start: () => T, updatedAt = '') {
  const [loaded, setLoaded] = useState(() => ({ base: start(), updatedAt }));
  const [draft, setDraft] = useState(loaded.base);
  const merged = ({ mine, ...rest }: Edit<T>) => {
    setLoaded(rest);
    setDraft(mine);
  };
  const unsaved = content(draft) !== content(loaded.base);
  return { loaded, setLoaded, draft, setDraft, merged, unsaved };
}

/** A check per page that holds work (`useLeaveGuard`): whether that work is unsaved now. */
const guards = new Set<() => boolean>();

/** Whether leaving (signing out, say) may lose unsaved work: yes when there is none, else as the person answers. */
export function mayLeave(t: (key: string) => string): boolean {
  return ![...guards].some((unsaved) => unsaved()) || window.confirm(t('edits.leaveUnsaved'));
}

/**
 * Asks before a page holding unsaved work is left: for another page of Ashar (a link, Back, another
 * view of the same page such as a material's edit form) with the page's own question, for a reload
 * or a closed tab with the browser's. A page replacing its own address (another target language)
 * asks in its own way (`mayLeaveTyped`), and a page whose save is on its way leaves freely: it moves
 * on when the save is done. `unsaved` may be a function, for a form whose boxes keep what is typed.
 */
export function useLeaveGuard(unsaved: boolean | (() => boolean), saving: boolean): void {
  const { t } = useTranslation();
  const holds = useRef<() => boolean>(() => false);
  useLayoutEffect(() => {
    holds.current = () => !saving && (typeof unsaved === 'function' ? unsaved() : unsaved);
  });
  const blocker = useBlocker(
    ({ currentLocation: from, nextLocation: to, historyAction }) =>
      (from.pathname !== to.pathname ||
        (from.search !== to.search && historyAction !== NavigationType.Replace)) &&
      holds.current(),
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(t('edits.leaveUnsaved'))) blocker.proceed();
    else blocker.reset();
  }, [blocker, t]);
  useEffect(() => {
    const unsavedNow = () => holds.current();
    const ask = (event: BeforeUnloadEvent) => {
      if (!unsavedNow()) return;
      event.preventDefault();
      event.returnValue = true; // browsers before 2023 ask only when it is set
    };
    guards.add(unsavedNow);
    window.addEventListener('beforeunload', ask);
    return () => {
      guards.delete(unsavedNow);
      window.removeEventListener('beforeunload', ask);
    };
  }, []);
}

/**
 * Whether a translation form may leave the language it holds for another: yes when nothing typed in
 * it is unsaved, else as the person answers (each language starts from its own saved texts).
 */
export function mayLeaveTyped(
  typed: boolean,
  locale: string,
  t: (key: string, options?: Record<string, unknown>) => string,
  i18n: { language: string },
): boolean {
  return (
    !typed || window.confirm(t('edits.discardTyped', { language: languageInSentence(locale, i18n.language) }))
  );
}
