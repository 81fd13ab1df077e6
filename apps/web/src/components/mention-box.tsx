import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
  type TextareaHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';
import { insertMention, mentionMatches, mentionQuery, type Mentionable } from '../mentions';
import { useQuery } from '../use-query';

/**
 * A message box that offers people to mention: typing `@` and part of a name lists the room's people
 * who match (a combobox: arrow keys choose, Enter or Tab picks, Escape closes the offer), and picking
 * one writes `@Name ` into the text and adds them to `picks`. `known` are people the page knows of
 * (those who wrote what is loaded); the room's others are asked for once an `@` is typed.
 */
export function MentionBox({
  id,
  roomId,
  value,
  picks,
  known,
  onChange,
  onKeyDown,
  inputRef,
  ...textarea
}: {
  id: string;
  roomId: string;
  value: string;
  picks: readonly Mentionable[];
  known: readonly Mentionable[];
  /** New text, typed or with a name picked (then with the new `picks`). */
  onChange: (value: string, picks: Mentionable[]) => void;
  /** Keys the offer of names does not take. */
  onKeyDown?: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  inputRef?: RefObject<HTMLTextAreaElement | null>;
} & Pick<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'rows' | 'autoFocus' | 'aria-invalid' | 'aria-describedby'
>) {
  const { t } = useTranslation();
  const own = useRef<HTMLTextAreaElement>(null);
  const input = inputRef ?? own;
  /** Where the caret is while the box has the focus and nothing is selected: an `@name` ending there offers people. */
  const [caret, setCaret] = useState<number>();
  const [active, setActive] = useState(0);
  /** The `@` (by position) whose offer was closed: by Escape, or by picking a name for it. */
  const [dismissed, setDismissed] = useState<number>();
  /** Said to screen readers once a name is picked. */
  const [picked, setPicked] = useState('');
  /** Where the caret goes once React has put text changed here into the box. */
  const pendingCaret = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    if (pendingCaret.current === undefined) return;
    input.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = undefined;
  });
  // Emptied (sent, say): an `@` typed again at the start is a new one.
  useEffect(() => {
    if (!value) setDismissed(undefined);
  }, [value]);

  const typed = caret === undefined ? undefined : mentionQuery(value, caret);
  // Those who can be mentioned: the room's hosts, moderators, invited members and writers, asked for
  // when an @ is typed; until the answer comes (or if it fails), the people the page knows of.
  const listed = useQuery<{ mentionable: Mentionable[] }>(
    `query Mentionable($roomId: ID!) { mentionable(roomId: $roomId) { id displayName organisations } }`,
    { roomId },
    { skip: !typed },
  );
  const people = new Map<string, Mentionable>();
  for (const person of known) people.set(person.id, person);
  for (const person of listed.data?.mentionable ?? []) people.set(person.id, person);
  const matches = typed && typed.start !== dismissed ? mentionMatches([...people.values()], typed.query) : [];
  const offering = matches.length > 0;
  const chosen = Math.min(active, matches.length - 1);
  const optionId = (person: Mentionable) => `${id}-mention-${person.id}`;

  function typedText(text: string, at: number | undefined, nextPicks = [...picks]) {
    onChange(text, nextPicks);
    setCaret(at);
    setActive(0);
    // The @ whose offer was closed is gone once the text no longer has it at the caret.
    if (at === undefined || mentionQuery(text, at)?.start !== dismissed) setDismissed(undefined);
  }

  function mention(person: Mentionable) {
    if (!typed || caret === undefined) return;
    const next = insertMention(value, typed.start, caret, person);
    const others = picks.filter((p) => p.id !== person.id);
    typedText(next.text, next.caret, [...others, { id: person.id, displayName: person.displayName }]);
    setDismissed(typed.start);
    setPicked(t('rooms.mentionPicked', { name: person.displayName }));
    pendingCaret.current = next.caret;
  }

  return (
    <>
      <textarea
        {...textarea}
        id={id}
        dir="auto"
        ref={input}
        value={value}
        aria-autocomplete="list"
        aria-haspopup="listbox"
        aria-controls={offering ? `${id}-mentions` : undefined}
        aria-activedescendant={offering ? optionId(matches[chosen]) : undefined}
        onChange={(event) => {
          const { value: text, selectionStart, selectionEnd } = event.target;
          typedText(text, selectionStart === selectionEnd ? selectionStart : undefined);
          setPicked('');
        }}
        onSelect={(event) => {
          const { selectionStart, selectionEnd } = event.currentTarget;
          setCaret(selectionStart === selectionEnd ? selectionStart : undefined);
        }}
        onBlur={() => setCaret(undefined)}
        onKeyDown={(event) => {
          // Keys that choose among an input method's candidates, and keys with modifiers (Ctrl+Enter
          // sends), are not the offer's.
          const plain = !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
          if (offering && typed && plain && !event.nativeEvent.isComposing) {
            const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: matches.length - 1 };
            if (event.key in moves) {
              event.preventDefault();
              setActive((chosen + moves[event.key]) % matches.length);
              return;
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              event.preventDefault();
              mention(matches[chosen]);
              return;
            }
            if (event.key === 'Escape') {
              event.preventDefault();
              setDismissed(typed.start);
              return;
            }
          }
          onKeyDown?.(event);
        }}
      />
      {offering && (
        <ul className="mention-list" role="listbox" id={`${id}-mentions`} aria-label={t('rooms.mentionList')}>
          {matches.map((person, index) => (
            // The box keeps the focus (arrow keys and Enter choose); a pointer chooses by clicking.
            <li
              key={person.id}
              id={optionId(person)}
              role="option"
              aria-selected={index === chosen}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => mention(person)}
            >
              {person.displayName}
              {!!person.organisations?.length && (
                <span className="mention-organisations"> · {person.organisations.join(', ')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status">
        {offering ? t('rooms.mentionMatches', { count: matches.length }) : picked}
      </p>
    </>
  );
}
