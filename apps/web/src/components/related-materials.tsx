import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { endonym } from '../language';
import { useQuery } from '../use-query';
import { isMissingApi } from './api-gaps';
import { ErrorNotice } from './error-notice';

interface MaterialRow {
  id: string;
  kind: string;
  title: string;
  locale: string;
  fileLocales: string[];
}

/** The materials linked to an event, a case study or a room. */
export function RelatedMaterials({ filter }: { filter: Record<string, unknown> }) {
  const { t } = useTranslation();
  const { data, error } = useQuery<{ materials: { edges: { node: MaterialRow }[] } }>(
    `query RelatedMaterials($filter: MaterialFilter) {
      materials(filter: $filter, first: 20) { edges { node { id kind title locale fileLocales } } } }`,
    { filter },
  );
  // A server without the materials capability answers with a validation error: show nothing then.
  if (isMissingApi(error)) return null;
  const rows = data?.materials.edges.map((edge) => edge.node) ?? [];
  if (!error && rows.length === 0) return null;
  return (
    <section>
      <h2>{t('materials.related')}</h2>
      <ErrorNotice error={error} />
      <ul className="result-list">
        {rows.map((material) => (
          <li key={material.id}>
            <Link to={`/materials/${material.id}`} lang={material.locale}>
              {material.title}
            </Link>
            <p className="meta">
              {t(`materials.kinds.${material.kind}`)}
              {material.fileLocales.length > 0 && ` · ${material.fileLocales.map(endonym).join(', ')}`}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
