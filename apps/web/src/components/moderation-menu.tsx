import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gql } from '../api';
import { formatDateTime } from '../format';
import { ErrorNotice } from './error-notice';
import { useFocusKept } from './form-field';

/** A person's standing in a room, as `roomMembers`, `muteMember` and `banMember` report it. */
export interface MemberStanding {
  person: { id: string; displayName: string };
  role: 'HOST' | 'MODERATOR' | 'MEMBER';
  mutedUntil: string | null;
  banned: boolean;
  /** Hosts or moderates here, also by a role beyond the room (a network admin): cannot be muted or banned. */
  moderates: boolean;
}

const MEMBER_FIELDS = 'person { id displayName } role mutedUntil banned moderates';
const MUTE_HOURS = [1, 24];

export function isMuted(standing: MemberStanding | undefined): boolean {
  return !!standing?.mutedUntil && Date.parse(standing.mutedUntil) > Date.now();
}

export interface MemberStandings {
  /** By person id; undefined until loaded. Only people with a membership row are listed. */
  members: Map<string, MemberStanding> | undefined;
  error: unknown;
  /** Loads the room's members the first time a moderation menu opens (again after a failure). */
  load(): void;
  update(member: MemberStanding): void;
}

/** What a moderator needs to offer the right actions: who is muted or banned, who hosts. */
export function useMemberStandings(roomId: string): MemberStandings {
  const [members, setMembers] = useState<Map<string, MemberStanding>>();
  const [error, setError] = useState<unknown>();
  const started = useRef(false);

  const load = useCallback(() => {
    if (started.current) return;
    started.current = true;
    setError(undefined);
    gql<{ roomMembers: MemberStanding[] }>(
      `query RoomMembers($roomId: ID!) { roomMembers(roomId: $roomId) { ${MEMBER_FIELDS} } }`,
      { roomId },
    ).then(
      ({ roomMembers }) =>
        setMembers((known) => {
          const next = new Map(roomMembers.map((member) => [member.person.id, member]));
          // Anything changed from this page meanwhile is newer than the list.
          for (const [id, member] of known ?? []) next.set(id, member);
          return next;
        }),
      (caught: unknown) => {
        started.current = false;
        setError(caught);
      },
    );
  }, [roomId]);

  const update = useCallback(
    (member: MemberStanding) => setMembers((known) => new Map(known ?? []).set(member.person.id, member)),
    [],
  );
  return { members, error, load, update };
}

/**
 * A host's or moderator's actions on one participant, behind a "…" disclosure on their message:
 * mute for an hour or a day, unmute, ban (after a confirmation) or lift a ban. Escape or a click
 * elsewhere closes it and returns focus to its button.
 */
export function ModerationMenu({
  roomId,
  person,
  standings,
  onModerated,
}: {
  roomId: string;
  person: { id: string; displayName: string };
  standings: MemberStandings;
  onModerated: (status: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const menu = useRef<HTMLDetailsElement>(null);
  const summary = useRef<HTMLElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const banButton = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  useFocusKept(busy);
  const [error, setError] = useState<unknown>();
  const confirmId = useId();
  const name = person.displayName;
  const label = t('rooms.moderation.menu', { name });
  const standing = standings.members?.get(person.id);
  const known = !!standings.members;
  const until = (iso: string) => formatDateTime(iso, i18n.language);

  function close(returnFocus: boolean) {
    if (menu.current) menu.current.open = false;
    if (returnFocus) summary.current?.focus();
  }

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  async function moderate(change: { minutes: number } | { banned: boolean }) {
    setBusy(true);
    setError(undefined);
    try {
      const input = { roomId, userId: person.id, ...change };
      let member: MemberStanding;
      let status: string;
      if ('minutes' in change) {
        ({ muteMember: member } = await gql<{ muteMember: MemberStanding }>(
          `mutation MuteMember($input: MuteMemberInput!) { muteMember(input: $input) { ${MEMBER_FIELDS} } }`,
          { input },
        ));
        status = member.mutedUntil
          ? t('rooms.moderation.mutedStatus', { name, until: until(member.mutedUntil) })
          : t('rooms.moderation.unmutedStatus', { name });
      } else {
        ({ banMember: member } = await gql<{ banMember: MemberStanding }>(
          `mutation BanMember($input: BanMemberInput!) { banMember(input: $input) { ${MEMBER_FIELDS} } }`,
          { input },
        ));
        status = member.banned
          ? t('rooms.moderation.bannedStatus', { name })
          : t('rooms.moderation.unbannedStatus', { name });
      }
      standings.update(member);
      close(true);
      onModerated(status);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const muted = isMuted(standing);
  const banned = !!standing?.banned;
  const shielded = !!standing?.moderates;

  let content;
  if (!known && !standings.error) {
    content = <p className="meta">{t('common.loading')}</p>;
  } else if (shielded) {
    content = <p className="meta">{t('rooms.moderation.cannotModerate')}</p>;
  } else if (confirming) {
    content = (
      <>
        <p id={confirmId}>{t('rooms.moderation.confirmBan', { name })}</p>
        <div className="moderation-actions">
          <button
            ref={confirmButton}
            type="button"
            className="danger"
            aria-describedby={confirmId}
            disabled={busy}
            onClick={() => void moderate({ banned: true })}
          >
            {t('rooms.moderation.confirmBanButton')}
          </button>
          <button
            type="button"
            onClick={() => {
              setConfirming(false);
              requestAnimationFrame(() => banButton.current?.focus());
            }}
          >
            {t('rooms.cancel')}
          </button>
        </div>
      </>
    );
  } else {
    content = (
      <>
        {muted && standing?.mutedUntil && (
          <p className="meta">{t('rooms.moderation.mutedUntil', { until: until(standing.mutedUntil) })}</p>
        )}
        {banned && <p className="meta">{t('rooms.moderation.isBanned')}</p>}
        <div className="moderation-actions">
          {!banned &&
            MUTE_HOURS.map((hours) => (
              <button
                key={hours}
                type="button"
                disabled={busy}
                onClick={() => void moderate({ minutes: hours * 60 })}
              >
                {t('rooms.moderation.muteFor', { count: hours })}
              </button>
            ))}
          {/* Without the member list (it failed to load), unmuting is offered: it is harmless. */}
          {(muted || (!known && !banned)) && (
            <button type="button" disabled={busy} onClick={() => void moderate({ minutes: 0 })}>
              {t('rooms.moderation.unmute')}
            </button>
          )}
          {banned ? (
            <button type="button" disabled={busy} onClick={() => void moderate({ banned: false })}>
              {t('rooms.moderation.unban')}
            </button>
          ) : (
            <button
              ref={banButton}
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => {
                setConfirming(true);
                requestAnimationFrame(() => confirmButton.current?.focus());
              }}
            >
              {t('rooms.moderation.ban')}
            </button>
          )}
        </div>
      </>
    );
  }

  return (
    <details
      ref={menu}
      className="moderation-menu"
      onToggle={(event) => {
        const isOpen = event.currentTarget.open;
        setOpen(isOpen);
        if (isOpen) standings.load();
        else {
          setConfirming(false);
          setError(undefined);
        }
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        event.preventDefault();
        event.stopPropagation();
        close(true);
      }}
    >
      <summary ref={summary}>
        <span aria-hidden="true">…</span>
        <span className="visually-hidden">{label}</span>
      </summary>
      {open && (
        <div className="moderation-panel" role="group" aria-label={label}>
          {content}
          <ErrorNotice error={error ?? (known ? undefined : standings.error)} />
        </div>
      )}
    </details>
  );
}
