import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The address's query parameters and a setter for one of them (an empty value removes it): filters
 * kept there can be shared and bookmarked, and each choice is a history entry, so Back undoes it (as
 * on the search page).
 */
export function useAddressParams(): [URLSearchParams, (name: string, value: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  return [params, set];
}

/** How long typing pauses before the address follows the box. */
const ADDRESS_DELAY_MS = 250;

/**
 * A text box whose value lives in the address (`?name=…`), so that a search can be shared, bookmarked
 * and come back with Back. What is typed shows at once and reaches the address after a short pause,
 * replacing the current entry (Back leaves the page, not each letter); when the address changes
 * elsewhere (Back, a link), the box follows it. Returns the address's value, the box's value and the
 * box's setter.
 */
export function useAddressText(name: string): [string, string, (text: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? '';
  const [typed, setTyped] = useState(value);
  // The value this hook last wrote to the address itself, to tell it from a change made elsewhere.
  const written = useRef<string | null>(null);

  useEffect(() => {
    if (value === written.current) {
      written.current = null;
      return;
    }
    setTyped(value);
  }, [value]);

  useEffect(() => {
    if (typed === value) return;
    const timer = setTimeout(() => {
      written.current = typed;
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (typed) next.set(name, typed);
          else next.delete(name);
          return next;
        },
        { replace: true },
      );
    }, ADDRESS_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed, value, name, setParams]);

  return [value, typed, setTyped];
}
