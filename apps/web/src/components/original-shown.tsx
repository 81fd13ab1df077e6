import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { endonym } from '../language';

/**
 * The original of what is being translated, folded under "Show the original (its language)": the
 * translation forms open it for the translator when it changed during a save.
 */
export function OriginalShown({
  locale,
  open,
  onToggle,
  children,
}: {
  locale: string;
  open: boolean;
  onToggle: (open: boolean) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <details className="markdown-preview" open={open} onToggle={(e) => onToggle(e.currentTarget.open)}>
      <summary>{t('edits.showOriginal', { language: endonym(locale) })}</summary>
      {children}
    </details>
  );
}
