import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, authHeaders, gql, NetworkError } from '../api';
import { DownloadLink } from '../components/download-link';
import { ErrorNotice, errorText, Loading } from '../components/error-notice';
import { FieldFrame, useFocusKept } from '../components/form-field';
import { LanguageNote } from '../components/language-note';
import { LocaleSelect } from '../components/locale-select';
import { MaterialForm } from '../components/material-form';
import { MaterialTranslationForm } from '../components/material-translation-form';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { formatBytes, formatDateTime, regionName } from '../format';
import { endonym, languageInSentence } from '../language';
import { draftOf, MATERIAL_TO_EDIT, type MaterialToEdit } from '../material-draft';
import { useEventsById } from '../material-events';
import { useNetworkCountries } from '../network-countries';
import { useSession } from '../session';
import { useQuery } from '../use-query';
import { useThemes } from '../themes';

interface MaterialFile {
  id: string;
  locale: string;
  version: number;
  size: number;
  contentType: string;
  filename: string;
  createdAt: string;
  downloadUrl: string;
}

interface MaterialDetail {
  id: string;
  kind: string;
  status: string;
  visibility: string;
  title: string;
  description: string;
  locale: string;
  originalLocale: string;
  availableLocales: string[];
  countryCodes: string[];
  themes: string[];
  eventIds: string[];
  files: MaterialFile[];
  viewerCan: { edit: boolean; publish: boolean };
  served: { locale: string; fallback: boolean; file: MaterialFile } | null;
}

const FILE_FIELDS = 'id locale version size contentType filename createdAt downloadUrl';
const MATERIAL = `query Material($id: ID!, $locale: String!) { material(id: $id) {
  id kind status visibility title description locale originalLocale availableLocales
  countryCodes themes eventIds viewerCan { edit publish }
  files { ${FILE_FIELDS} }
  served: file(locale: $locale) { locale fallback file { ${FILE_FIELDS} } }
} }`;

type Action = 'edit' | 'translate';

/**
 * A material, its files and, for those who may, its management: edit, translate, publish, delete.
 * Editing and translating happen here (`?action=edit`, `?action=translate`), each as a page of its own.
 */
export default function MaterialPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const requested = params.get('action');
  // Read again in another language, the material shown meanwhile is the one before: an edit or
  // translation form open on it stays up with what is typed in it.
  const { data, error, reload } = useQuery<{ material: MaterialDetail }>(
    MATERIAL,
    { id, locale: i18n.language },
    { keepPrevious: true },
  );
  // What the last action did ("Published."), said until another page is shown.
  const [done, setDone] = useState<string>();
  // Never another material's answer, kept while this one loads.
  const material = data?.material.id.toLowerCase() === id?.toLowerCase() ? data?.material : undefined;
  const action: Action | undefined =
    material?.viewerCan.edit && (requested === 'edit' || requested === 'translate') ? requested : undefined;
  usePageTitle(
    action === 'edit'
      ? t('materials.editTitle')
      : action === 'translate'
        ? t('materials.translateTitle')
        : material?.title,
  );
  useFocusOnNewView(action ?? 'view');
  useEffect(() => {
    if (action) setDone(undefined);
  }, [action]);

  function show(next: Action | undefined, options: { replace?: boolean } = {}) {
    const search = new URLSearchParams(params);
    if (next) search.set('action', next);
    else search.delete('action');
    setParams(search, { replace: options.replace });
  }

  if (error)
    return (
      <PageError
        error={error}
        onRetry={reload}
        back={{ to: '/materials', label: t('notFound.backToMaterials') }}
      />
    );
  if (!material) return <Loading />;

  const backToMaterial = <Link to={`?${withoutAction(params)}`}>{t('materials.cancelEditing')}</Link>;
  if (action === 'edit')
    return (
      <EditMaterial
        id={material.id}
        originalLocale={material.originalLocale}
        cancel={backToMaterial}
        onSaved={() => {
          setDone(t('materials.saved'));
          reload();
          show(undefined, { replace: true });
        }}
      />
    );
  if (action === 'translate')
    return (
      <MaterialTranslationForm
        id={material.id}
        originalLocale={material.originalLocale}
        heading={t('materials.translateTitle')}
        headingId="material-translation"
        cancel={backToMaterial}
        onSaved={(locale) => {
          setDone(t('materials.translationSaved', { language: languageInSentence(locale, i18n.language) }));
          reload();
          show(undefined, { replace: true });
        }}
      />
    );
  return <MaterialView material={material} reload={reload} done={done} setDone={setDone} />;
}

const withoutAction = (params: URLSearchParams) => {
  const search = new URLSearchParams(params);
  search.delete('action');
  return search.toString();
};

/**
 * Each view (the material, its edit form, its translation form) is a page of its own: as the layout
 * does for a new address, the keyboard focus moves to the main content and the view starts at its top.
 */
function useFocusOnNewView(view: string) {
  const shown = useRef(view);
  useEffect(() => {
    if (shown.current === view) return;
    shown.current = view;
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [view]);
}

function EditMaterial({
  id,
  originalLocale,
  cancel,
  onSaved,
}: {
  id: string;
  originalLocale: string;
  cancel: ReactNode;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  // Its texts exactly as written, in the language they were written in.
  const { data, error, reload } = useQuery<{ material: MaterialToEdit }>(
    MATERIAL_TO_EDIT,
    { id },
    { locale: originalLocale },
  );
  if (error) return <PageError error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <MaterialForm
      user={user}
      heading={t('materials.editTitle')}
      headingId="material-edit"
      headingLevel={1}
      initial={draftOf(data.material)}
      material={data.material}
      cancel={cancel}
      onSaved={onSaved}
    />
  );
}

function MaterialView({
  material,
  reload,
  done,
  setDone,
}: {
  material: MaterialDetail;
  reload: () => void;
  done: string | undefined;
  setDone: (text: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  useFocusKept(busy);
  const [actionError, setActionError] = useState<unknown>();
  const status = useRef<HTMLParagraphElement>(null);
  // The button pressed goes away once it has done its work: the focus goes to what it did.
  const [focusDone, setFocusDone] = useState(false);
  useEffect(() => {
    if (!focusDone || !done) return;
    status.current?.focus();
    setFocusDone(false);
  }, [focusDone, done]);
  const countries = useNetworkCountries({ skip: material.countryCodes.length === 0 });
  const events = useEventsById(material.eventIds);
  const themes = useThemes({ skip: material.themes.length === 0 });
  const locale = i18n.language;
  const byLocale = new Map<string, MaterialFile[]>();
  for (const file of material.files) byLocale.set(file.locale, [...(byLocale.get(file.locale) ?? []), file]);
  const countryName = (code: string) =>
    countries.list.find((c) => c.code === code)?.name ?? regionName(code, locale);
  const themeLabel = (key: string) => themes.data?.themes.find((theme) => theme.key === key)?.label ?? key;
  const linkTo = (action: Action) => {
    const search = new URLSearchParams(params);
    search.set('action', action);
    return `?${search}`;
  };

  async function publish() {
    setBusy(true);
    setActionError(undefined);
    setDone(undefined);
    try {
      await gql(
        `mutation PublishMaterial($id: ID!) { updateMaterial(id: $id, input: { status: PUBLISHED }) { id } }`,
        { id: material.id },
      );
      setDone(t('materials.publishedNotice'));
      setFocusDone(true);
      reload();
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!window.confirm(t('materials.deleteConfirm', { title: material.title }))) return;
    setBusy(true);
    setActionError(undefined);
    setDone(undefined);
    try {
      await gql(`mutation DeleteMaterial($id: ID!) { deleteMaterial(id: $id) }`, { id: material.id });
      navigate(`/materials?lang=${encodeURIComponent(locale)}`, { state: { deleted: material.title } });
    } catch (caught) {
      setActionError(caught);
      setBusy(false);
    }
  }

  return (
    <article>
      <p className="meta">{t(`materials.kinds.${material.kind}`)}</p>
      <h1 lang={material.locale}>{material.title}</h1>
      {material.status === 'PROPOSED' && (
        <p className="notice notice-language" role="note">
          {t('materials.proposedNotice')}
        </p>
      )}
      <LanguageNote shown={material.locale} available={material.availableLocales} />
      {material.description && (
        <p className="prose" lang={material.locale}>
          {material.description}
        </p>
      )}

      <dl className="facts">
        <dt>{t('materials.status')}</dt>
        <dd>
          {material.status === 'PROPOSED' ? (
            <span className="tag">{t('materials.proposed')}</span>
          ) : (
            t('materials.statuses.PUBLISHED')
          )}
        </dd>
        <dt>{t('materials.visibilityField')}</dt>
        <dd>
          {t(`materials.visibilities.${material.visibility}`)}
          {material.status === 'PROPOSED' && (
            <span className="meta"> {t('materials.visibilityOncePublished')}</span>
          )}
        </dd>
        {material.countryCodes.length > 0 && (
          <>
            <dt>{t('materials.countries')}</dt>
            <dd>{material.countryCodes.map(countryName).join(', ')}</dd>
          </>
        )}
        {material.themes.length > 0 && (
          <>
            <dt>{t('materials.themes')}</dt>
            <dd>{material.themes.map(themeLabel).join(', ')}</dd>
          </>
        )}
        {events.list.length > 0 && (
          <>
            <dt>{t('materials.events')}</dt>
            <dd>
              <ul>
                {events.list.map((event) => (
                  <li key={event.id}>
                    <Link to={`/events/${event.id}`} lang={event.locale}>
                      {event.title}
                    </Link>{' '}
                    <span className="meta">
                      · <time dateTime={event.startsAt}>{formatDateTime(event.startsAt, locale)}</time>
                    </span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>

      {material.viewerCan.edit && (
        <div className="actions" role="group" aria-label={t('materials.manage')}>
          {material.viewerCan.publish && (
            <button type="button" className="primary" disabled={busy} onClick={() => void publish()}>
              {t('materials.publish')}
            </button>
          )}
          <Link className="button-link" to={linkTo('edit')}>
            {t('materials.edit')}
          </Link>
          <Link className="button-link" to={linkTo('translate')}>
            {t('materials.addTranslation')}
          </Link>
          <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
            {t('materials.delete')}
          </button>
        </div>
      )}
      <ErrorNotice error={actionError} />
      {done && (
        <p ref={status} className="notice notice-success" role="status" tabIndex={-1}>
          {done}
        </p>
      )}

      {material.served && (
        <div className="download">
          {/* The notice is a block of its own: boxed text inside a line breaks its box at each wrap. */}
          {material.served.fallback && (
            <p className="notice notice-language" role="note">
              {t('materials.notInYourLanguage', {
                requested: t(`language.inline.${locale}`),
                shown: t(`language.inline.${material.served.locale}`),
              })}
            </p>
          )}
          <p>
            <DownloadLink
              className="button-link primary"
              href={material.served.file.downloadUrl}
              filename={material.served.file.filename}
            >
              {t('materials.download', { language: languageInSentence(material.served.locale, locale) })}
            </DownloadLink>{' '}
            <span className="meta">
              {material.served.file.filename} · {formatBytes(material.served.file.size, locale)}
            </span>
          </p>
        </div>
      )}

      <h2>{t('materials.files')}</h2>
      {byLocale.size === 0 && <p>{t('materials.noFiles')}</p>}
      {[...byLocale.entries()].map(([fileLocale, versions]) => (
        <section key={fileLocale} aria-labelledby={`files-${fileLocale}`}>
          <h3 id={`files-${fileLocale}`} lang={fileLocale}>
            {endonym(fileLocale)}
          </h3>
          <ul className="result-list">
            {versions.map((file) => (
              <li key={file.id}>
                <DownloadLink href={file.downloadUrl} filename={file.filename}>
                  {t('materials.versionLink', { version: file.version, filename: file.filename })}
                </DownloadLink>
                <span className="meta">
                  {' '}
                  · {formatBytes(file.size, locale)} · {formatDateTime(file.createdAt, locale)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {material.viewerCan.edit && <UploadForm materialId={material.id} onUploaded={reload} />}
    </article>
  );
}

/** Streams one file to POST /materials/:id/files, showing how far the upload has got. */
function UploadForm({ materialId, onUploaded }: { materialId: string; onUploaded: () => void }) {
  const { t, i18n } = useTranslation();
  const progressId = useId();
  const form = useRef<HTMLFormElement>(null);
  const doneNotice = useRef<HTMLParagraphElement>(null);
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  // The button is disabled while the file goes up, which drops the focus: after the answer it goes to
  // the file field when the file was refused (the error is its own), else to the confirmation.
  useEffect(() => {
    if (error) form.current?.querySelector<HTMLInputElement>('input[type="file"]')?.focus();
    else if (done) doneNotice.current?.focus();
  }, [error, done]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = new FormData(event.currentTarget);
    setError(undefined);
    setDone(undefined);
    setProgress(0);
    const request = new XMLHttpRequest();
    request.open('POST', `/materials/${encodeURIComponent(materialId)}/files`);
    for (const [name, value] of Object.entries(authHeaders())) request.setRequestHeader(name, value);
    request.upload.onprogress = (progressEvent) => {
      if (progressEvent.lengthComputable)
        setProgress(Math.round((progressEvent.loaded / progressEvent.total) * 100));
    };
    request.onerror = () => {
      setProgress(undefined);
      setError(new NetworkError('upload'));
    };
    request.onload = () => {
      setProgress(undefined);
      let answer: { error?: { code: string; message: string }; locale?: string; version?: number } = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch {
        // An empty or non-JSON answer is reported below by its status.
      }
      if (request.status >= 200 && request.status < 300) {
        setDone(
          t('materials.uploaded', {
            language: languageInSentence(answer.locale ?? '', i18n.language),
            version: answer.version,
          }),
        );
        form.current?.reset();
        onUploaded();
      } else {
        setError(
          new ApiError(
            answer.error?.code ?? 'INTERNAL_SERVER_ERROR',
            answer.error?.message ?? `HTTP ${request.status}`,
          ),
        );
      }
    };
    // The language goes first so the server knows it before the file's bytes arrive.
    const ordered = new FormData();
    ordered.append('locale', String(body.get('locale')));
    ordered.append('file', body.get('file') as Blob);
    request.send(ordered);
  }

  return (
    <section className="narrow">
      <h2>{t('materials.uploadTitle')}</h2>
      <form ref={form} onSubmit={submit}>
        <LocaleSelect name="locale" label={t('materials.fileLanguage')} defaultValue={i18n.language} />
        <FieldFrame label={t('materials.file')} error={error ? errorText(error, t) : undefined}>
          {(control) => <input {...control} name="file" type="file" required />}
        </FieldFrame>
        <button type="submit" className="primary" disabled={progress !== undefined}>
          {t('materials.upload')}
        </button>
        {progress !== undefined && (
          <div className="field">
            <label htmlFor={progressId}>{t('materials.uploading', { percent: progress })}</label>
            <progress id={progressId} max={100} value={progress} />
          </div>
        )}
        {done && (
          <p ref={doneNotice} className="notice notice-success" role="status" tabIndex={-1}>
            {done}
          </p>
        )}
      </form>
    </section>
  );
}
