import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * "Show more" under a list: it stays where it is while the next page loads (marked busy, so a second
 * press does nothing), and once the page is in, the keyboard focus goes to the first item it added (its
 * first link), not back to the start of the page. `count` is how many items `list` shows. Render it
 * whether or not there is more (`more`): after the last page the button goes, and the focus must still
 * move to what that page added rather than be lost with the button.
 */
export function LoadMore({
  list,
  count,
  more,
  loading,
  onMore,
}: {
  list: RefObject<HTMLElement | null>;
  count: number;
  more: boolean;
  loading: boolean;
  onMore: () => void;
}) {
  const { t } = useTranslation();
  const from = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (from.current === undefined) return;
    // A page that failed or added nothing leaves the focus where it is, now and later.
    if (count <= from.current) {
      if (!loading) from.current = undefined;
      return;
    }
    const item = list.current?.children[from.current] as HTMLElement | undefined;
    from.current = undefined;
    (item?.querySelector<HTMLElement>('a, button') ?? item)?.focus();
  }, [count, list, loading]);
  if (!more) return null;
  return (
    <button
      type="button"
      aria-disabled={loading || undefined}
      onClick={() => {
        if (loading) return;
        from.current = count;
        onMore();
      }}
    >
      {t('common.loadMore')}
    </button>
  );
}
