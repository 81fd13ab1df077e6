import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format';

/** A room's unread messages, and among them those that mention the reader, as badges. */
export function UnreadBadges({ unread, mentions }: { unread: number | null; mentions: number | null }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {!!unread && (
        <span className="badge">
          <span aria-hidden="true">{formatNumber(unread, i18n.language)}</span>
          <span className="visually-hidden">{t('rooms.unread', { count: unread })}</span>
        </span>
      )}{' '}
      {!!mentions && (
        <span className="badge badge-mention">
          <span aria-hidden="true">@{formatNumber(mentions, i18n.language)}</span>
          <span className="visually-hidden">{t('rooms.unreadMentions', { count: mentions })}</span>
        </span>
      )}
    </>
  );
}
