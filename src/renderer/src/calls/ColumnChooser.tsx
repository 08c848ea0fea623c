import { useEffect, useRef, useState } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { CallRow } from '../../../shared/query.ts';
import { useI18n } from '../i18n/index.ts';

interface ColumnEntry {
  readonly id: string;
  readonly name: string;
  readonly visible: boolean;
  readonly pinned: 'left' | 'right' | null;
}

/**
 * Show, hide and pin columns (AG Grid Community has no columns tool panel). Order and width are changed
 * in the header itself by dragging; "Reset" brings back the default layout.
 */
export function ColumnChooser({ gridApi }: { gridApi: GridApi<CallRow> | null }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<readonly ColumnEntry[]>([]);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const read = (api: GridApi<CallRow>): ColumnEntry[] =>
    api.getAllGridColumns().map((column) => ({
      id: column.getColId(),
      name: api.getDisplayNameForColumn(column, null),
      visible: column.isVisible(),
      pinned: column.getPinned() === 'left' ? 'left' : column.getPinned() === 'right' ? 'right' : null,
    }));

  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);

  const change = (apply: (api: GridApi<CallRow>) => void) => {
    if (!gridApi) return;
    apply(gridApi);
    setEntries(read(gridApi));
  };

  return (
    <div
      className="picker"
      ref={rootRef}
      data-testid="column-chooser"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="picker-button"
        aria-expanded={open}
        disabled={!gridApi}
        onClick={() => {
          if (gridApi) setEntries(read(gridApi));
          setOpen((v) => !v);
        }}
        data-testid="column-chooser-button"
      >
        {t.calls.columns}
        <span aria-hidden="true" className="picker-caret">
          ▾
        </span>
      </button>
      {open ? (
        <div className="picker-popover picker-popover-right" role="group" aria-label={t.calls.columns}>
          <ul className="picker-list">
            {entries.map((entry) => (
              <li key={entry.id} className="column-entry" data-testid="column-entry" data-col={entry.id}>
                <label className="picker-option">
                  <input type="checkbox" checked={entry.visible} onChange={() => change((api) => api.setColumnsVisible([entry.id], !entry.visible))} />
                  <span className="picker-label">{entry.name}</span>
                </label>
                <select
                  value={entry.pinned ?? ''}
                  aria-label={`${t.calls.pin}: ${entry.name}`}
                  onChange={(event) => {
                    const pinned = event.target.value === '' ? null : (event.target.value as 'left' | 'right');
                    change((api) => api.setColumnsPinned([entry.id], pinned));
                  }}
                >
                  <option value="">{t.calls.pinNone}</option>
                  <option value="left">{t.calls.pinLeft}</option>
                  <option value="right">{t.calls.pinRight}</option>
                </select>
              </li>
            ))}
          </ul>
          <button type="button" className="link-button" data-testid="columns-reset" onClick={() => change((api) => api.resetColumnState())}>
            {t.calls.resetColumns}
          </button>
        </div>
      ) : null}
    </div>
  );
}
