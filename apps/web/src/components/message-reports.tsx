import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { gql, serverProblems } from '../api';
import { formatDateTime } from '../format';
import { ErrorNotice, Loading } from './error-notice';
import { FieldFrame, useFocusKept } from './form-field';
import { MessageBody } from './message-body';

const REASON_LIMIT = 500;

/**
 * "Report" on someone else's message: an optional reason, sent to the room's hosts and moderators.
 * Cancelling gives the focus back to the button; once sent, the thanks takes its place and the focus.
 */
export function ReportMessage({ messageId }: { messageId: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'closed' | 'open' | 'sending' | 'sent'>('closed');
  useFocusKept(state === 'sending');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const button = useRef<HTMLButtonElement>(null);
  const thanks = useRef<HTMLParagraphElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (state === 'closed' && opened.current) button.current?.focus();
    if (state === 'sent') thanks.current?.focus();
    if (state === 'open') opened.current = true;
  }, [state]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState('sending');
    setError(undefined);
    try {
      await gql(`mutation ReportMessage($input: ReportMessageInput!) { reportMessage(input: $input) }`, {
        input: { messageId, reason: reason.trim() || null },
      });
      setState('sent');
    } catch (caught) {
      setError(caught);
      setState('open');
    }
  }

  if (state === 'sent')
    return (
      <p ref={thanks} className="meta report-sent" role="status" tabIndex={-1}>
        {t('rooms.reported')}
      </p>
    );
  if (state === 'closed')
    return (
      <button ref={button} type="button" className="link-button" onClick={() => setState('open')}>
        {t('rooms.report')}
      </button>
    );
  const server = serverProblems(error, ['input.reason']);
  return (
    <form className="report-form" onSubmit={(event) => void submit(event)} noValidate>
      <FieldFrame
        label={t('rooms.reportReason')}
        hint={t('rooms.reportHint')}
        error={server.byPath['input.reason']}
        maxLength={REASON_LIMIT}
      >
        {(control) => (
          <textarea
            {...control}
            rows={2}
            value={reason}
            // Opened by the reader's own click: the focus goes where they are about to type.
            autoFocus
            onChange={(event) => setReason(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setState('closed');
            }}
          />
        )}
      </FieldFrame>
      <ErrorNotice error={server.unplaced ? error : undefined} />
      <div className="actions">
        <button type="submit" className="primary" disabled={state === 'sending'}>
          {t('rooms.sendReport')}
        </button>
        <button type="button" onClick={() => setState('closed')}>
          {t('rooms.cancel')}
        </button>
      </div>
    </form>
  );
}

interface Reported {
  message: {
    id: string;
    threadId: string;
    body: string | null;
    createdAt: string;
    author: { id: string; displayName: string } | null;
  };
  reports: { reporter: { displayName: string } | null; reason: string; reportedAt: string }[];
}

/**
 * For a room's moderators: the messages people reported, the latest reported first, each with who
 * reported it and why, to dismiss the reports or delete the message. Loaded when opened.
 */
export function ReportedMessages({
  roomId,
  count,
  news,
  onChanged,
  openAtFirst = false,
}: {
  roomId: string;
  /** Open from the start, as the link in a mail about reports asks (`?reports=open`). */
  openAtFirst?: boolean;
  /** Messages with open reports, as the room said when loaded. */
  count: number;
  /** Bumped when the room's reports changed while the page is open (told live). */
  news: number;
  /** After a dismissal or deletion: the room's count is out of date. */
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<Reported[]>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const details = useRef<HTMLDetailsElement>(null);
  // Opened once, on arrival: its toggle event then loads the list.
  useEffect(() => {
    if (openAtFirst && details.current) details.current.open = true;
  }, [openAtFirst]);
  // Reports filed or closed elsewhere while the list is open: it is read again.
  useEffect(() => {
    if (news && open) load();
  }, [news]);

  /** The latest load: an older answer that arrives after it is dropped. */
  const loads = useRef(0);
  function load() {
    const ticket = ++loads.current;
    setError(undefined);
    gql<{ reportedMessages: Reported[] }>(
      `query ReportedMessages($roomId: ID!) { reportedMessages(roomId: $roomId) {
        message { id threadId body createdAt author { id displayName } }
        reports { reporter { displayName } reason reportedAt } } }`,
      { roomId },
    ).then(
      ({ reportedMessages }) => ticket === loads.current && setList(reportedMessages),
      (caught: unknown) => ticket === loads.current && setError(caught),
    );
  }

  async function act({ message, reports }: Reported, action: 'dismiss' | 'delete') {
    if (action === 'delete' && !window.confirm(t('rooms.confirmDelete'))) return;
    const messageId = message.id;
    setError(undefined);
    try {
      // Only the reports shown are dismissed: one that came in since stays open.
      const seenUntil = reports
        .map((report) => report.reportedAt)
        .sort()
        .at(-1);
      await gql(
        action === 'dismiss'
          ? `mutation DismissReports($id: ID!, $seenUntil: DateTime) { dismissReports(messageId: $id, seenUntil: $seenUntil) }`
          : `mutation DeleteMessage($id: ID!) { deleteMessage(id: $id) { id } }`,
        action === 'dismiss' ? { id: messageId, seenUntil } : { id: messageId },
      );
      // Read again rather than struck off: a report that came in meanwhile keeps the message listed.
      load();
      setStatus(t(action === 'dismiss' ? 'rooms.reportsDismissed' : 'rooms.reportedDeleted'));
      // The buttons that had the focus are gone: keep it in the panel.
      panel.current?.focus();
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <details
      ref={details}
      className="reported-messages"
      onToggle={(event) => {
        setOpen(event.currentTarget.open);
        // Read afresh at every opening: reports keep coming in.
        if (event.currentTarget.open) load();
      }}
    >
      <summary>{t('rooms.reportedMessages', { count })}</summary>
      <div ref={panel} tabIndex={-1} className="reported-panel">
        <p className="visually-hidden" role="status">
          {status}
        </p>
        <ErrorNotice error={error} onRetry={list ? undefined : load} />
        {open && !list && !error && <Loading />}
        {list?.length === 0 && <p>{t('rooms.noReports')}</p>}
        {list && list.length > 0 && (
          <ul className="reported-list">
            {list.map(({ message, reports }) => (
              <li key={message.id}>
                <p className="message-head">
                  <strong>{message.author?.displayName ?? t('rooms.someone')}</strong>{' '}
                  <time className="meta" dateTime={message.createdAt}>
                    {formatDateTime(message.createdAt, i18n.language)}
                  </time>{' '}
                  <Link to={`?thread=${message.threadId}`}>{t('rooms.openThread')}</Link>
                </p>
                <MessageBody text={message.body ?? ''} />
                <ul className="report-reasons">
                  {reports.map((report, index) => (
                    <li key={index}>
                      {t('rooms.reportedBy', {
                        name: report.reporter?.displayName ?? t('rooms.someone'),
                        when: formatDateTime(report.reportedAt, i18n.language),
                      })}
                      {report.reason ? (
                        <>
                          : <q>{report.reason}</q>
                        </>
                      ) : (
                        <span className="meta"> ({t('rooms.noReason')})</span>
                      )}
                    </li>
                  ))}
                </ul>
                <div className="actions">
                  <button type="button" onClick={() => void act({ message, reports }, 'dismiss')}>
                    {t('rooms.dismissReports')}
                  </button>
                  <button type="button" onClick={() => void act({ message, reports }, 'delete')}>
                    {t('rooms.deleteReported')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
