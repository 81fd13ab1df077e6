import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError, authHeaders, NetworkError } from '../api';
import { ErrorNotice, Loading } from '../components/error-notice';
import { LanguageNote } from '../components/language-note';
import { LocaleSelect } from '../components/locale-select';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { formatBytes, formatDateTime } from '../format';
import { endonym, languageInSentence } from '../language';
import { useQuery } from '../use-query';

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
  title: string;
  description: string;
  locale: string;
  availableLocales: string[];
  files: MaterialFile[];
  viewerCan: { edit: boolean };
  served: { locale: string; fallback: boolean; file: MaterialFile } | null;
}

export default function MaterialPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const { data, error, reload } = useQuery<{ material: MaterialDetail }>(
    `query Material($id: ID!, $locale: String!) { material(id: $id) {
      id kind status title description locale availableLocales viewerCan { edit }
      files { id locale version size contentType filename createdAt downloadUrl }
      served: file(locale: $locale) { locale fallback file { id locale version size contentType filename createdAt downloadUrl } }
    } }`,
    { id, locale: i18n.language },
  );
  usePageTitle(data?.material.title);
  if (error)
    return (
      <PageError
        error={error}
        onRetry={reload}
        back={{ to: '/materials', label: t('notFound.backToMaterials') }}
      />
    );
  if (!data) return <Loading />;
  const material = data.material;
  const byLocale = new Map<string, MaterialFile[]>();
  for (const file of material.files) byLocale.set(file.locale, [...(byLocale.get(file.locale) ?? []), file]);
  const locale = i18n.language;

  return (
    <article>
      <p className="meta">{t(`materials.kinds.${material.kind}`)}</p>
      <h1 lang={material.locale}>{material.title}</h1>
      <LanguageNote shown={material.locale} available={material.availableLocales} />
      {material.description && (
        <p className="prose" lang={material.locale}>
          {material.description}
        </p>
      )}

      {material.served && (
        <p>
          <a className="button-link primary" href={material.served.file.downloadUrl} download>
            {t('materials.download', { language: languageInSentence(material.served.locale, locale) })}
          </a>{' '}
          <span className="meta">
            {material.served.file.filename} · {formatBytes(material.served.file.size, locale)}
          </span>
          {material.served.fallback && (
            <span className="notice notice-language" role="note">
              {t('materials.notInYourLanguage', {
                requested: t(`language.inline.${locale}`),
                shown: t(`language.inline.${material.served.locale}`),
              })}
            </span>
          )}
        </p>
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
                <a href={file.downloadUrl} download lang={fileLocale}>
                  {t('materials.versionLink', { version: file.version, filename: file.filename })}
                </a>
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
  const fileId = useId();
  const progressId = useId();
  const form = useRef<HTMLFormElement>(null);
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();

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
        <div className="field">
          <label htmlFor={fileId}>{t('materials.file')}</label>
          <input id={fileId} name="file" type="file" required />
        </div>
        <button type="submit" className="primary" disabled={progress !== undefined}>
          {t('materials.upload')}
        </button>
        {progress !== undefined && (
          <div className="field">
            <label htmlFor={progressId}>{t('materials.uploading', { percent: progress })}</label>
            <progress id={progressId} max={100} value={progress} />
          </div>
        )}
        <ErrorNotice error={error} />
        {done && (
          <p className="notice notice-success" role="status">
            {done}
          </p>
        )}
      </form>
    </section>
  );
}
