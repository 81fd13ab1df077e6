import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { fieldError, formError, gql } from '../api';
import { ErrorNotice, Loading } from '../components/error-notice';
import { FormField } from '../components/form-field';
import { LocaleSelect } from '../components/locale-select';
import { usePageTitle } from '../components/page-title';
import { endonym, ENDONYMS, LOCALES } from '../language';
import { useSession } from '../session';
import { useAddressParams } from '../address';
import { useQuery } from '../use-query';

export const MATERIAL_KINDS = [
  'PRESENTATION',
  'AGENDA',
  'REPORT',
  'NATIONAL_ACTION_PLAN',
  'TRAINING_GUIDE',
  'OTHER',
];

interface MaterialRow {
  id: string;
  kind: string;
  status: string;
  title: string;
  description: string;
  locale: string;
  fileLocales: string[];
}

export default function MaterialsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [params, set] = useAddressParams({ replace: true });
  const ids = { kind: useId(), locale: useId(), theme: useId() };
  const kind = params.get('kind') ?? '';
  const fileLocale = params.get('fileLang') ?? '';
  const theme = params.get('theme') ?? '';
  usePageTitle(t('materials.title'));
  const filter = {
    ...(kind ? { kinds: [kind] } : {}),
    ...(fileLocale ? { locales: [fileLocale] } : {}),
    ...(theme ? { themes: [theme] } : {}),
  };
  const themes = useQuery<{ themes: { key: string; label: string }[] }>(
    `query Themes { themes { key label } }`,
  );
  const { data, error, loading, reload } = useQuery<{
    materials: { totalCount: number; edges: { node: MaterialRow }[] };
  }>(
    `query Materials($filter: MaterialFilter) { materials(filter: $filter, first: 50) {
      totalCount edges { node { id kind status title description locale fileLocales } } } }`,
    { filter },
  );

  return (
    <section>
      <h1>{t('materials.title')}</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.kind}>{t('materials.kind')}</label>
          <select id={ids.kind} value={kind} onChange={(e) => set('kind', e.target.value)}>
            <option value="">{t('materials.allKinds')}</option>
            {MATERIAL_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`materials.kinds.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.locale}>{t('materials.fileLanguage')}</label>
          <select id={ids.locale} value={fileLocale} onChange={(e) => set('fileLang', e.target.value)}>
            <option value="">{t('materials.anyLanguage')}</option>
            {LOCALES.map((value) => (
              <option key={value} value={value} lang={value}>
                {ENDONYMS[value]}
              </option>
            ))}
          </select>
        </div>
        {themes.data && (
          <div className="field">
            <label htmlFor={ids.theme}>{t('materials.theme')}</label>
            <select id={ids.theme} value={theme} onChange={(e) => set('theme', e.target.value)}>
              <option value="">{t('materials.allThemes')}</option>
              {themes.data.themes.map((option) => (
                <option key={option.key} value={option.key}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      <ErrorNotice error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && (
        <p role="status" aria-live="polite">
          {t('materials.found', { count: data.materials.totalCount })}
        </p>
      )}
      <ul className="result-list">
        {data?.materials.edges.map(({ node }) => (
          <li key={node.id}>
            <Link to={`/materials/${node.id}`} lang={node.locale}>
              {node.title}
            </Link>
            {node.status === 'PROPOSED' && <span className="tag"> {t('materials.proposed')}</span>}
            <p className="meta">
              {t(`materials.kinds.${node.kind}`)}
              {node.fileLocales.length > 0 && ` · ${node.fileLocales.map(endonym).join(', ')}`}
            </p>
          </li>
        ))}
      </ul>
      {user && <NewMaterialForm />}
    </section>
  );
}

function NewMaterialForm() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const ids = { kind: useId(), description: useId() };
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const { createMaterial } = await gql<{ createMaterial: { id: string } }>(
        `mutation CreateMaterial($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
        {
          input: {
            kind: form.get('kind'),
            title: form.get('title'),
            description: form.get('description') || undefined,
            originalLocale: form.get('originalLocale'),
          },
        },
      );
      navigate(`/materials/${createMaterial.id}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <h2>{t('materials.addTitle')}</h2>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <ErrorNotice error={formError(error)} />
        <div className="field">
          <label htmlFor={ids.kind}>{t('materials.kind')}</label>
          <select id={ids.kind} name="kind" defaultValue="PRESENTATION">
            {MATERIAL_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`materials.kinds.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <FormField
          label={t('materials.titleField')}
          name="title"
          required
          error={fieldError(error, 'title')}
        />
        <div className="field">
          <label htmlFor={ids.description}>{t('materials.description')}</label>
          <textarea id={ids.description} name="description" rows={3} />
        </div>
        <LocaleSelect
          name="originalLocale"
          label={t('materials.writtenIn')}
          defaultValue={i18n.language}
          error={fieldError(error, 'originalLocale')}
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('materials.create')}
        </button>
      </form>
    </section>
  );
}
