import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, gql } from '../api';
import { currentLocale } from '../i18n';
import { ErrorNotice, Loading } from '../components/error-notice';
import { FormField, useFocusKept } from '../components/form-field';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { capitalizeFirst } from '../format';
import { hasRole, IMPORT_ROLES, useSession, type SessionUser } from '../session';

/** The API's JSON body limit (apps/api/src/bootstrap.ts, `limit: '20mb'`, which counts 2^20 bytes a MB). */
export const IMPORT_LIMIT_MEGABYTES = 20;
const IMPORT_LIMIT_BYTES = IMPORT_LIMIT_MEGABYTES * 1024 * 1024;
/** Imported case studies linked under the summary; a long list only names how many more there are. */
const LINKED_AT_MOST = 50;

const IMPORT = `mutation ImportCaseStudies($document: JSON!, $dryRun: Boolean!) {
  importCaseStudies(document: $document, dryRun: $dryRun) { created updated failedCount failed { index slug errors { path message } } }
}`;

interface ImportReport {
  created: number;
  updated: number;
  failed: { index: number; slug: string | null; errors: { path: string; message: string }[] }[];
  /** All that failed; `failed` lists the first of them. */
  failedCount: number;
}

interface Outcome {
  dryRun: boolean;
  report: ImportReport;
  /** Slugs of the records that went in (a real import only). */
  imported: string[];
  /** The language the server wrote the problems in: the page's language when it was asked. */
  locale: string;
}

/** A file the browser refuses before sending it: a key of `import.*` and its values. */
class FileProblem extends Error {
  constructor(
    readonly key: string,
    readonly values: Record<string, number> = {},
  ) {
    super(key);
  }
}

/** The file as a document, or why it cannot be one: not UTF-8, not JSON, or more than the API accepts. */
async function readDocument(file: File): Promise<unknown> {
  if (file.size > IMPORT_LIMIT_BYTES)
    throw new FileProblem('tooLarge', { megabytes: IMPORT_LIMIT_MEGABYTES });
  let text: string;
  try {
    // The decoder skips a leading byte-order mark, as the command line does.
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    throw new FileProblem('notUtf8');
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    if (!at) throw new FileProblem('notJson');
    const lines = text.slice(0, Number(at[1])).split('\n');
    throw new FileProblem('notJsonAt', { line: lines.length, column: lines[lines.length - 1].length + 1 });
  }
  // `null`, a list or a string is JSON, but no document: said here, not as "document: required".
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new FileProblem('notObject');
  return document;
}

/** Slugs of the records the report does not list as failed. */
function importedSlugs(document: unknown, report: ImportReport): string[] {
  const items = (document as { caseStudies?: unknown }).caseStudies;
  if (!Array.isArray(items)) return [];
  const failed = new Set(report.failed.map((f) => f.index));
  return items.flatMap((item: unknown, index) => {
    const slug = (item as { slug?: unknown } | null)?.slug;
    return !failed.has(index) && typeof slug === 'string' ? [slug] : [];
  });
}

/** A minimal document the importer accepts, placed in one of the importer's countries. */
function exampleDocument(country: string): string {
  const example = {
    caseStudies: [
      {
        slug: 'example-village-water-committee',
        status: 'DRAFT',
        originalLocale: 'en',
        countries: [country],
        themes: ['water-sanitation'],
        period: { start: 2019, end: 2023 },
        translations: {
          en: {
            title: 'A village water committee',
            summary: 'How a village organised its own water supply.',
            body: 'What was done, by whom, and what came of it (Markdown).',
          },
        },
        results: [
          {
            value: 120,
            unit: 'households',
            year: 2023,
            translations: { en: { label: 'households with tap water' } },
          },
        ],
        lessons: [{ translations: { en: { text: 'Let the village choose its committee.' } } }],
      },
    ],
  };
  return `${JSON.stringify(example, null, 2)}\n`;
}

export default function ImportPage() {
  const { t } = useTranslation();
  const { user, checking } = useSession();
  if (checking) return <Loading />;
  if (!user || !hasRole(user, ...IMPORT_ROLES))
    return (
      <PageError
        error={
          user
            ? new ApiError('FORBIDDEN', t('import.notAllowed'))
            : new ApiError('UNAUTHENTICATED', t('import.signInFirst'))
        }
      />
    );
  return <ImportForm user={user} />;
}

function ImportForm({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  usePageTitle(t('import.title'));
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  useFocusKept(busy !== null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const networkWide = hasRole(user, 'ADMIN', 'STEERING_GROUP');
  const countries = networkWide
    ? []
    : user.grants.flatMap((g) => (g.role === 'NATIONAL_COORDINATOR' && g.countryCode ? [g.countryCode] : []));
  const example = useExampleFile(countries[0] ?? 'KG');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const dryRun = submitter?.value !== 'import';
    setError(undefined);
    setFileError(undefined);
    if (!file) {
      setFileError(t('import.chooseFile'));
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setOutcome(null);
    try {
      const document = await readDocument(file);
      // The request repeats the document inside GraphQL's envelope: that, too, must fit the limit.
      const body = JSON.stringify({ query: IMPORT, variables: { document, dryRun } });
      if (new Blob([body]).size > IMPORT_LIMIT_BYTES)
        throw new FileProblem('tooLarge', { megabytes: IMPORT_LIMIT_MEGABYTES });
      const locale = currentLocale();
      const { importCaseStudies: report } = await gql<{ importCaseStudies: ImportReport }>(IMPORT, {
        document,
        dryRun,
      });
      setOutcome({
        dryRun,
        report,
        imported: dryRun ? [] : importedSlugs(document, report),
        locale,
      });
    } catch (caught) {
      if (caught instanceof FileProblem) setFileError(t(`import.${caught.key}`, caught.values));
      else setError(caught);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="import-page">
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <form className="narrow" onSubmit={(event) => void submit(event)} noValidate>
        <FormField
          label={t('import.file')}
          hint={t('import.fileHint', { megabytes: IMPORT_LIMIT_MEGABYTES })}
          error={fileError}
          name="file"
          type="file"
          accept=".json,application/json"
          onChange={(event) => {
            setFile(event.currentTarget.files?.[0] ?? null);
            setFileError(undefined);
          }}
        />
        <p className="field-hint">{t('import.checkOnlyHint')}</p>
        <div className="actions">
          <button type="submit" name="mode" value="check" disabled={busy !== null}>
            {t('import.checkOnly')}
          </button>
          <button type="submit" name="mode" value="import" className="primary" disabled={busy !== null}>
            {t('import.import')}
          </button>
        </div>
      </form>
      <ErrorNotice error={error} />
      <div role="status" className="import-status">
        {busy && <p>{t(busy === 'check' ? 'import.checking' : 'import.importing')}</p>}
        {outcome && <Summary outcome={outcome} />}
      </div>
      {outcome && outcome.report.failed.length > 0 && <Failures outcome={outcome} />}
      {outcome && outcome.imported.length > 0 && <ImportedList slugs={outcome.imported} />}
      <section className="narrow" aria-labelledby="import-format">
        <h2 id="import-format">{t('import.formatTitle')}</h2>
        <p>{t('import.formatText')}</p>
        {countries.length > 0 && <p>{t('import.formatCountries', { countries: countries.join(', ') })}</p>}
        <p>{t('import.formatDocs')}</p>
        {example && (
          <p>
            <a className="button-link" href={example} download="case-studies-example.json">
              {t('import.example')}
            </a>
          </p>
        )}
      </section>
    </section>
  );
}

/** An address for the example file, made in the browser and let go with the page. */
function useExampleFile(country: string): string | null {
  const text = useMemo(() => exampleDocument(country), [country]);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [text]);
  return url;
}

function Summary({ outcome }: { outcome: Outcome }) {
  const { t, i18n } = useTranslation();
  const { created, updated, failedCount } = outcome.report;
  const [c, u, f] = outcome.dryRun
    ? ['wouldCreate', 'wouldUpdate', 'wouldFail']
    : ['created', 'updated', 'failed'];
  return (
    <div className={`notice ${failedCount ? 'notice-language' : 'notice-success'}`}>
      <p>{t(outcome.dryRun ? 'import.checkedNothingSaved' : 'import.imported')}</p>
      <p>
        {/* A sentence of three parts, the first of which starts it ("будет создано…" becomes "Будет…"). */}
        {capitalizeFirst(
          t('import.summary', {
            created: t(`import.${c}`, { count: created }),
            updated: t(`import.${u}`, { count: updated }),
            failed: t(`import.${f}`, { count: failedCount }),
          }),
          i18n.language,
        )}
      </p>
    </div>
  );
}

function Failures({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="import-failures">
      <h2 id="import-failures">{t('import.failures')}</h2>
      {outcome.report.failedCount > outcome.report.failed.length && (
        <p>
          {t('import.firstFailures', {
            shown: outcome.report.failed.length,
            count: outcome.report.failedCount,
          })}
        </p>
      )}
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="import-failures">
        <table className="import-failures">
          <caption className="visually-hidden">{t('import.failuresCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.index')}</th>
              <th scope="col">{t('import.slug')}</th>
              <th scope="col">{t('import.problems')}</th>
            </tr>
          </thead>
          <tbody>
            {outcome.report.failed.map((failure) => (
              <tr key={failure.index}>
                <th scope="row">{failure.index}</th>
                <td>{failure.slug ?? t('import.noSlug')}</td>
                <td>
                  {/* Still in the language asked in, should the reader switch the page's since. */}
                  <ul className="import-problems" lang={outcome.locale}>
                    {failure.errors.map((problem, i) => (
                      <li key={i}>
                        <code>{problem.path}</code> {problem.message}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ImportedList({ slugs }: { slugs: string[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="import-imported">
      <h2 id="import-imported">{t('import.importedList')}</h2>
      <ul className="link-list">
        {slugs.slice(0, LINKED_AT_MOST).map((slug) => (
          <li key={slug}>
            <Link to={`/case-studies/${encodeURIComponent(slug)}`}>{slug}</Link>
          </li>
        ))}
      </ul>
      {slugs.length > LINKED_AT_MOST && (
        <p>{t('import.andMore', { count: slugs.length - LINKED_AT_MOST })}</p>
      )}
    </section>
  );
}
