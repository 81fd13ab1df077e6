import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format';

export interface ResultRow {
  id: string;
  label: string;
  value: number;
  unit: string;
  /** The unit in the reader's language, in the form the value takes. */
  unitLabel: string;
  baseline: number | null;
  baselineUnitLabel: string | null;
  baselineYear: number | null;
  year: number | null;
}

const ROW = 34;
const LABEL = 150;
const WIDTH = 520;

/**
 * Each indicator on its own scale (units differ): the result as a bar, its baseline as a lighter bar
 * above it when there is one. Percentages without a baseline are drawn on 0–100. The table next to it
 * carries the same numbers, which the drawing's label says.
 */
export function ResultsChart({ results }: { results: ResultRow[] }) {
  const { t, i18n } = useTranslation();
  const rows = results.filter((r) => r.baseline !== null || r.unit.trim() === '%');
  if (rows.length === 0) return null;
  const bar = WIDTH - LABEL - 70;
  const height = rows.length * ROW + 24;
  return (
    <figure className="results-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={t('caseStudy.chartLabel')}>
        {rows.map((row, index) => {
          const scale =
            row.baseline === null ? 100 : Math.max(Math.abs(row.value), Math.abs(row.baseline)) || 1;
          const y = index * ROW + 4;
          const valueWidth = Math.max(2, (Math.min(Math.abs(row.value), scale) / scale) * bar);
          const baseWidth = row.baseline === null ? 0 : Math.max(2, (Math.abs(row.baseline) / scale) * bar);
          return (
            <g key={row.id}>
              <text x={0} y={y + 16} className="chart-label">
                {row.label.length > 24 ? `${row.label.slice(0, 23)}…` : row.label}
              </text>
              {row.baseline !== null && (
                <rect x={LABEL} y={y} width={baseWidth} height={10} className="chart-baseline" />
              )}
              <rect x={LABEL} y={y + 12} width={valueWidth} height={14} className="chart-value" />
              <text x={LABEL + valueWidth + 6} y={y + 24} className="chart-number">
                {formatNumber(row.value, i18n.language)}
                {` ${row.unitLabel}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="legend legend-value" /> {t('caseStudy.chartResult')}{' '}
        <span className="legend legend-baseline" /> {t('caseStudy.chartBaseline')}
      </figcaption>
    </figure>
  );
}
