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

/**
 * Each indicator on its own scale (units differ): the result as a bar, its baseline as a lighter bar
 * above it when there is one. Percentages without a baseline are drawn on 0–100. Bars grow from zero,
 * so an indicator with a value below zero is left to the table (drawn by its size, −3 would look like
 * 3). The indicator's name sits above its bars and wraps, so the drawing reads at a phone's width too.
 * The table next to it carries the same numbers, which the drawing's label says; assistive technology
 * reads that label only.
 */
export function ResultsChart({ results }: { results: ResultRow[] }) {
  const { t, i18n } = useTranslation();
  const rows = results.filter(
    (r) => (r.baseline !== null || r.unit.trim() === '%') && r.value >= 0 && (r.baseline ?? 0) >= 0,
  );
  if (rows.length === 0) return null;
  const share = (part: number, whole: number) => `${Math.max(0.5, (Math.min(part, whole) / whole) * 100)}%`;
  return (
    <figure className="results-chart">
      <div role="img" aria-label={t('caseStudy.chartLabel')} className="chart-rows">
        {rows.map((row) => {
          const scale = row.baseline === null ? 100 : Math.max(row.value, row.baseline) || 1;
          return (
            <div key={row.id} className="chart-row">
              <div className="chart-label">{row.label}</div>
              {row.baseline !== null && (
                <div className="chart-bar">
                  <span className="chart-baseline" style={{ width: share(row.baseline, scale) }} />
                </div>
              )}
              <div className="chart-bar">
                <span className="chart-value" style={{ width: share(row.value, scale) }} />
                <span className="chart-number">
                  {formatNumber(row.value, i18n.language)} {row.unitLabel}
                </span>
              </div>
            </div>
          );
        })}
      </div>
      <figcaption>
        <span className="legend legend-value" /> {t('caseStudy.chartResult')}{' '}
        <span className="legend legend-baseline" /> {t('caseStudy.chartBaseline')}
      </figcaption>
    </figure>
  );
}
