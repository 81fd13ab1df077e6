import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gql } from '../api';
import { formatDateTime } from '../format';
import { ErrorNotice, Loading } from './error-notice';
import { MessageBody } from './message-body';

interface MessageVersion {
  body: string;
  editor: { displayName: string } | null;
  replacedAt: string;
  deleted: boolean;
}

/**
 * For a room's hosts and moderators: what an edited or deleted message said before, oldest first,
 * asked for each time it is opened (the message may have been edited again meanwhile).
 */
export function MessageHistory({ messageId, deleted }: { messageId: string; deleted: boolean }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [versions, setVersions] = useState<MessageVersion[]>();
  const [error, setError] = useState<unknown>();
  // Opened, closed and opened again quickly: only the last request's answer is shown.
  const latest = useRef(0);
  const load = () => {
    const ticket = ++latest.current;
    setError(undefined);
    setVersions(undefined);
    gql<{ messageVersions: MessageVersion[] }>(
      `query MessageVersions($id: ID!) { messageVersions(messageId: $id) { body editor { displayName } replacedAt deleted } }`,
      { id: messageId },
    ).then(
      (data) => ticket === latest.current && setVersions(data.messageVersions),
      (caught: unknown) => ticket === latest.current && setError(caught),
    );
  };
  return (
    <details
      className="message-history"
      onToggle={(event) => {
        setOpen(event.currentTarget.open);
        if (event.currentTarget.open) load();
      }}
    >
      <summary>{t(deleted ? 'rooms.history.showDeleted' : 'rooms.history.show')}</summary>
      {!open ? null : error ? (
        <ErrorNotice error={error} onRetry={load} />
      ) : !versions ? (
        <Loading />
      ) : (
        <ol>
          {versions.map((version, index) => (
            <li key={index}>
              <p className="meta">
                {t(version.deleted ? 'rooms.history.deletedBy' : 'rooms.history.replacedBy', {
                  name: version.editor?.displayName ?? t('rooms.someone'),
                  date: formatDateTime(version.replacedAt, i18n.language),
                })}
              </p>
              <MessageBody text={version.body} />
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
