import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.ts';

export interface PickerOption {
  readonly value: string;
  readonly label: string;
  /** Calls this value would show with the rest of the filter kept; null while unknown. */
  readonly count: number | null;
}

/**
 * A multi-select picker: a button that opens a list of values with their counts (asked for when the
 * list opens, since counting costs the engine a pass), a box to narrow the list, checkboxes to pick.
 * Escape or a click outside closes it and gives the keyboard back to the button.
 */
export function ValuePicker({
  label,
  selected,
  load,
  onToggle,
  testId,
  more = false,
}: {
  label: string;
  selected: readonly string[];
  load: () => Promise<readonly PickerOption[] | null>;
  onToggle: (value: string) => void;
  testId: string;
  /** The engine had more values than it listed: say so under the list. */
  more?: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<readonly PickerOption[] | null>(null);
  const [query, setQuery] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listId = useId();

  // The counts depend on the rest of the filter, so they are fetched on every opening.
  useEffect(() => {
    if (!open) return;
    let live = true;
    void load().then((loaded) => {
      if (live) setOptions(loaded ?? []);
    });
    searchRef.current?.focus();
    return () => {
      live = false;
    };
  }, [open, load]);

  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    setQuery('');
    buttonRef.current?.focus();
  };

  const needle = query.trim().toLocaleLowerCase(t.locale);
  // Picked values stay listed even when the engine no longer counts them (another field now excludes them).
  const listed = [
    ...(options ?? []),
    ...selected.filter((value) => !options?.some((option) => option.value === value)).map((value) => ({ value, label: value, count: 0 })),
  ].filter((option) => needle === '' || option.label.toLocaleLowerCase(t.locale).includes(needle) || option.value.includes(needle));

  return (
    <div
      className="picker"
      ref={rootRef}
      data-testid={testId}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={selected.length > 0 ? 'picker-button on' : 'picker-button'}
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => {
          setOptions(null);
          setOpen((v) => !v);
        }}
        data-testid={`${testId}-button`}
      >
        {label}
        {selected.length > 0 ? <span className="picker-selected">{i18n.num(selected.length)}</span> : null}
        <span aria-hidden="true" className="picker-caret">
          ▾
        </span>
      </button>
      {open ? (
        <div className="picker-popover" id={listId} role="group" aria-label={label}>
          <input
            ref={searchRef}
            type="search"
            className="picker-search"
            value={query}
            placeholder={t.calls.pickerSearch}
            aria-label={t.calls.pickerSearch}
            onChange={(event) => setQuery(event.target.value)}
            data-testid={`${testId}-search`}
          />
          {options === null ? (
            <p className="muted picker-note">{t.calls.counting}</p>
          ) : listed.length === 0 ? (
            <p className="muted picker-note">{t.calls.pickerEmpty}</p>
          ) : (
            <ul className="picker-list">
              {listed.map((option) => (
                <li key={option.value}>
                  <label className="picker-option" data-testid={`${testId}-option`} data-value={option.value}>
                    <input type="checkbox" checked={selected.includes(option.value)} onChange={() => onToggle(option.value)} />
                    <span className="picker-label">{option.label}</span>
                    <span className="picker-count">{option.count === null ? '' : i18n.num(option.count)}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {more ? <p className="muted picker-note">{t.calls.pickerMore}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
