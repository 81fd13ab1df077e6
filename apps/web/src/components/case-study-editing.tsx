import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { gql, serverProblems } from '../api';
import { TEXT_LIMITS } from '../case-study-draft';
import { languageInSentence } from '../language';
import { signInPath } from '../safe-links';
import { useSession } from '../session';
import { ErrorNotice } from './error-notice';
import { CheckboxGroup, FieldFrame, useCheckedSubmit, useFocusKept } from './form-field';
import { useThemes } from '../themes';

export interface Permissions {
  edit: boolean;
  publish: boolean;
  archive: boolean;
}

/** The editing actions on a case study's page, as far as the API lets the reader take them. */
export function CaseStudyActions({
  id,
  slug,
  title,
  can,
  onChanged,
}: {
  id: string;
  slug: string;
  title: string;
  can: Permissions;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useFocusKept(busy);
  if (!can.edit && !can.publish && !can.archive) return null;

  async function setStatus(action: 'publish' | 'archive') {
    const question = action === 'publish' ? 'caseStudyForm.publishConfirm' : 'caseStudyForm.archiveConfirm';
    if (!window.confirm(t(question, { title }))) return;
    setBusy(true);
    setError(undefined);
    try {
      const mutation = action === 'publish' ? 'publishCaseStudy' : 'archiveCaseStudy';
      await gql(`mutation SetCaseStudyStatus($id: ID!) { ${mutation}(id: $id) { id status } }`, { id });
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="manage-case-study" className="manage">
      <h2 id="manage-case-study">{t('caseStudyForm.manage')}</h2>
      <ErrorNotice error={error} />
      <div className="actions">
        {can.edit && (
          <>
            <Link to={`/case-studies/${slug}/edit`}>{t('caseStudyForm.edit')}</Link>
            <Link to={`/case-studies/${slug}/translate`}>{t('caseStudyForm.addTranslation')}</Link>
            <Link to={`/case-studies/${slug}/translate-items`}>{t('caseStudyForm.translateItems')}</Link>
          </>
        )}
        {can.publish && (
          <button type="button" className="primary" disabled={busy} onClick={() => void setStatus('publish')}>
            {t('caseStudyForm.publish')}
          </button>
        )}
        {can.archive && (
          <button type="button" disabled={busy} onClick={() => void setStatus('archive')}>
            {t('caseStudyForm.archive')}
          </button>
        )}
      </div>
    </section>
  );
}

/** A button that removes a result or a lesson after asking. */
export function RemoveButton({
  mutation,
  id,
  label,
  question,
  onRemoved,
}: {
  mutation: 'removeResultIndicator' | 'removeLesson';
  id: string;
  label: string;
  question: string;
  onRemoved: () => void;
}) {
  const [error, setError] = useState<unknown>();
  return (
    <>
      <button
        type="button"
        onClick={() => {
          if (!window.confirm(question)) return;
          setError(undefined);
          gql(`mutation Remove($id: ID!) { ${mutation}(id: $id) }`, { id }).then(onRemoved, setError);
        }}
      >
        {label}
      </button>
      <ErrorNotice error={error} />
    </>
  );
}

const RESULT_FIELDS = ['label', 'value', 'unit', 'baseline', 'baselineYear', 'year'] as const;
type ResultField = (typeof RESULT_FIELDS)[number];
const RESULT_TEXT_LIMITS: Partial<Record<ResultField, number>> = {
  label: TEXT_LIMITS.resultLabel,
  unit: TEXT_LIMITS.resultUnit,
};

/** A new result indicator, its label written in the case study's own language. */
export function AddResultForm({
  caseStudyId,
  originalLocale,
  onAdded,
}: {
  caseStudyId: string;
  originalLocale: string;
  onAdded: () => void;
}) {
  const { t, i18n } = useTranslation();
  const empty = { label: '', value: '', unit: '', baseline: '', baselineYear: '', year: '' };
  const [values, setValues] = useState<Record<ResultField, string>>(empty);
  const { problems, error, busy, form, notice, submit: checkAndSend } = useCheckedSubmit();
  const server = serverProblems(
    error,
    RESULT_FIELDS.map((field) => `input.${field}`),
  );
  const message = (field: ResultField) => problems[`input.${field}`] ?? server.byPath[`input.${field}`];

  async function submit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const wrong: Record<string, string> = {};
    const required = t('caseStudyForm.errors.required');
    const number = (field: ResultField, need: boolean) => {
      const text = values[field].trim().replace(/\s/g, '').replace(',', '.');
      if (!text) {
        if (need) wrong[`input.${field}`] = required;
        return undefined;
      }
      const parsed = Number(text);
      if (!Number.isFinite(parsed) || Math.abs(parsed) > 1e15)
        wrong[`input.${field}`] = t('caseStudyForm.errors.number');
      return parsed;
    };
    const year = (field: ResultField) => {
      const text = values[field].trim();
      if (!text) return undefined;
      if (!/^\d{4}$/.test(text) || Number(text) < 1900 || Number(text) > 2100)
        wrong[`input.${field}`] = t('caseStudyForm.errors.year');
      return Number(text);
    };
    const label = values.label.trim();
    if (!label) wrong['input.label'] = required;
    else if ([...label].length > TEXT_LIMITS.resultLabel)
      wrong['input.label'] = t('caseStudyForm.errors.maxLength', { max: TEXT_LIMITS.resultLabel });
    const unit = values.unit.trim();
    if (!unit) wrong['input.unit'] = required;
    else if ([...unit].length > TEXT_LIMITS.resultUnit)
      wrong['input.unit'] = t('caseStudyForm.errors.maxLength', { max: TEXT_LIMITS.resultUnit });
    const input = {
      label,
      unit,
      value: number('value', true),
      baseline: number('baseline', false),
      baselineYear: year('baselineYear'),
      year: year('year'),
    };
    await checkAndSend(wrong, async () => {
      await gql(
        `mutation AddResult($id: ID!, $input: ResultIndicatorInput!) { addResultIndicator(caseStudyId: $id, input: $input) { id } }`,
        {
          id: caseStudyId,
          input: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
        },
      );
      setValues(empty);
      onAdded();
    });
  }

  const input = (field: ResultField, label: string, hint?: string) => (
    <FieldFrame label={label} hint={hint} error={message(field)} maxLength={RESULT_TEXT_LIMITS[field]}>
      {(control) => (
        <input
          {...control}
          name={`result.${field}`}
          lang={field === 'label' ? originalLocale : undefined}
          inputMode={
            field === 'label' || field === 'unit' ? undefined : field.endsWith('ear') ? 'numeric' : 'decimal'
          }
          value={values[field]}
          onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
        />
      )}
    </FieldFrame>
  );

  return (
    <details className="add-form">
      <summary>{t('caseStudyForm.addResult')}</summary>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <div ref={notice} tabIndex={-1}>
          <ErrorNotice error={server.unplaced ? error : undefined} />
        </div>
        {input(
          'label',
          t('caseStudyForm.resultLabel'),
          t('caseStudyForm.inOriginal', { language: languageInSentence(originalLocale, i18n.language) }),
        )}
        <div className="field-row">
          {input('value', t('caseStudyForm.resultValue'))}
          {input('unit', t('caseStudyForm.resultUnit'), t('caseStudyForm.resultUnitHint'))}
        </div>
        <div className="field-row">
          {input('year', t('caseStudyForm.resultYear'))}
          {input('baseline', t('caseStudyForm.resultBaseline'))}
          {input('baselineYear', t('caseStudyForm.resultBaselineYear'))}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('caseStudyForm.saveResult')}
        </button>
      </form>
    </details>
  );
}

/** A new lesson learned, written in the case study's own language, with its themes. */
export function AddLessonForm({
  caseStudyId,
  originalLocale,
  onAdded,
}: {
  caseStudyId: string;
  originalLocale: string;
  onAdded: () => void;
}) {
  const { t, i18n } = useTranslation();
  const themes = useThemes();
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const { problems, error, busy, form, notice, submit: checkAndSend } = useCheckedSubmit();
  const server = serverProblems(error, ['input.text', 'input.themes']);
  const message = (path: string) => problems[path] ?? server.byPath[path];

  async function submit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const wrong: Record<string, string> = {};
    if (!text.trim()) wrong['input.text'] = t('caseStudyForm.errors.required');
    else if ([...text].length > TEXT_LIMITS.lesson)
      wrong['input.text'] = t('caseStudyForm.errors.maxLength', { max: TEXT_LIMITS.lesson });
    await checkAndSend(wrong, async () => {
      await gql(
        `mutation AddLesson($id: ID!, $input: LessonInput!) { addLesson(caseStudyId: $id, input: $input) { id } }`,
        { id: caseStudyId, input: { text: text.trim(), themes: chosen } },
      );
      setText('');
      setChosen([]);
      onAdded();
    });
  }

  return (
    <details className="add-form">
      <summary>{t('caseStudyForm.addLesson')}</summary>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <div ref={notice} tabIndex={-1}>
          <ErrorNotice error={server.unplaced ? error : undefined} />
        </div>
        <FieldFrame
          label={t('caseStudyForm.lessonText')}
          hint={t('caseStudyForm.inOriginal', {
            language: languageInSentence(originalLocale, i18n.language),
          })}
          error={message('input.text')}
          maxLength={TEXT_LIMITS.lesson}
        >
          {(control) => (
            <textarea
              {...control}
              name="lesson.text"
              lang={originalLocale}
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </FieldFrame>
        <CheckboxGroup
          legend={t('caseStudyForm.lessonThemes')}
          name="lesson.themes"
          options={(themes.data?.themes ?? []).map((theme) => ({ value: theme.key, label: theme.label }))}
          chosen={chosen}
          onChange={setChosen}
          error={message('input.themes')}
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('caseStudyForm.saveLesson')}
        </button>
      </form>
    </details>
  );
}

/**
 * Said instead of a case study's form (new, edit, translation) to someone who may not use it: why,
 * a way to sign in that comes back here, and the way back.
 */
export function NotAllowedToWrite({ heading, slug }: { heading: string; slug?: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { pathname, search } = useLocation();
  return (
    <section className="narrow">
      <h1>{heading}</h1>
      <p className="notice notice-error" role="alert">
        {slug ? t('caseStudyForm.notAllowedToEdit') : t('caseStudyForm.notAllowed')}
      </p>
      <ul className="link-list">
        {!user && (
          <li>
            <Link to={signInPath(`${pathname}${search}`)}>{t('caseStudyForm.signInToWrite')}</Link>
          </li>
        )}
        <li>
          <Link to={slug ? `/case-studies/${slug}` : '/search'}>
            {slug ? t('caseStudyForm.backToCaseStudy') : t('notFound.backToSearch')}
          </Link>
        </li>
      </ul>
    </section>
  );
}
