import { useEffect, useRef, useState } from 'react';
import type { CallDetail, CellValue, DatasetColumn } from '../../../shared/query.ts';
import type { Reason, Side, StatusOrigin } from '../../../shared/status/types.ts';
import { getApi, settle } from '../api.ts';
import { SideBadge } from '../components/SideBadge.tsx';
import { clientLeg, format, managerLeg, useI18n, type LegExplanation } from '../i18n/index.ts';
import { useShell } from '../shell.ts';
import { statusMeaning } from './status-words.ts';
import { extraCells, fieldsOf, headerWidth, isShapeColumn, shapeNote } from './row-shape.ts';
import { SHAPE_COLUMNS } from '../../../shared/import-types.ts';

function Leg({ title, leg, testId }: { title: string; leg: LegExplanation; testId: string }) {
  const { t } = useI18n();
  return (
    <div className="leg" data-testid={testId}>
      <h4>{title}</h4>
      <div className="leg-line">
        <span className="leg-code mono">{leg.code}</span>
        <span className="leg-phrase">{leg.phrase ?? t.reference.noSipPhrase}</span>
      </div>
      <p className="leg-words">{leg.words}</p>
    </div>
  );
}

const text = (value: CellValue | undefined): string => (value === null || value === undefined ? '' : String(value));
const numberOrNull = (value: CellValue | undefined): number | null => (typeof value === 'number' ? value : null);

/**
 * One call in full: every field of the file as it was written, the status explained leg by leg with its
 * side and reason and what to check, and a jump to the status in the reference. Escape closes it.
 */
export function CallDetailDrawer({
  datasetId,
  callId,
  columns,
  onClose,
  onOpenStatus,
}: {
  datasetId: string;
  callId: number;
  columns: readonly DatasetColumn[];
  onClose: () => void;
  onOpenStatus: (code: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const shell = useShell();
  const api = getApi();
  const [detail, setDetail] = useState<CallDetail | null>(null);
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!api) return;
    let live = true;
    void settle(api.calls.row(datasetId, callId)).then((result) => {
      if (!live) return;
      const row = shell.unwrap(result);
      if (row) setDetail(row);
      else onClose();
    });
    return () => {
      live = false;
    };
  }, [api, shell, datasetId, callId, onClose]);

  // The drawer takes the keyboard when its call is on screen, so Escape and Tab work at once.
  const shownId = detail?.id;
  useEffect(() => {
    if (shownId !== undefined) ref.current?.focus();
  }, [shownId]);

  const fields = detail?.fields ?? {};
  const code = typeof fields._status === 'string' ? fields._status : null;
  const side = (fields._side ?? 'unknown') as Side;
  const reason = (fields._reason ?? 'unknown') as Reason;
  const managerCode = numberOrNull(fields._manager_leg);
  const clientCode = numberOrNull(fields._client_leg);
  const originals = columns.filter((column) => !column.tag && !isShapeColumn(column.name));
  const line = numberOrNull(fields._line);
  // A record of another number of fields: said in words, its extra cells listed after the header's fields.
  const found = fieldsOf(fields[SHAPE_COLUMNS.fields]);
  const width = headerWidth(columns);
  const extra = extraCells(fields[SHAPE_COLUMNS.extra]);

  return (
    <aside
      ref={ref}
      className="detail call-detail"
      tabIndex={-1}
      data-testid="call-detail"
      data-call-id={callId}
      aria-label={t.calls.detailTitle}
      aria-busy={detail === null}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="detail-header">
        <h3>{line === null ? t.calls.detailTitle : format(t.calls.detailTitleLine, { line: i18n.num(line) })}</h3>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t.app.close} data-testid="call-detail-close">
          ×
        </button>
      </header>
      {detail === null ? (
        <p className="muted">{t.calls.loading}</p>
      ) : (
        <>
          <section data-testid="call-detail-status">
            <div className="detail-status-line">
              <span className="leg-code mono" data-testid="call-detail-code">
                {code ?? text(fields[originals.find((c) => c.role === 'status')?.name ?? ''])}
              </span>
              <SideBadge side={side} />
              <span className="tag">{t.reason[reason]}</span>
              {fields._benign === 1 ? <span className="tag benign">{t.calls.benignTag}</span> : null}
            </div>
            <p data-testid="call-detail-meaning">{statusMeaning(i18n, code, managerCode, clientCode)}</p>
            {managerCode !== null && clientCode !== null ? (
              <div className="legs">
                <Leg title={t.reference.managerLeg} leg={managerLeg(t, managerCode)} testId="call-detail-manager-leg" />
                <span className="legs-arrow" aria-hidden="true">
                  {t.legs.arrow}
                </span>
                <Leg title={t.reference.clientLeg} leg={clientLeg(t, clientCode)} testId="call-detail-client-leg" />
              </div>
            ) : null}
            <h4>{t.reference.whySide}</h4>
            <p>{t.sideWhy[side]}</p>
            <h4>{t.reference.whatToCheck}</h4>
            <p>{t.reasonCheck[reason]}</p>
            <p className="muted">{format(t.calls.originLine, { origin: t.calls.origin[(fields._origin ?? 'unknown') as StatusOrigin] })}</p>
            {code ? (
              <button type="button" className="link-button" onClick={() => onOpenStatus(code)} data-testid="call-detail-reference">
                {format(t.calls.openInReference, { code })}
              </button>
            ) : null}
          </section>
          <section>
            <h4>{t.calls.fields}</h4>
            {found !== null ? (
              <p className="shape-note" data-testid="call-detail-shape">
                {shapeNote(i18n, found, width)}
              </p>
            ) : null}
            <dl className="facts call-fields" data-testid="call-detail-fields">
              {originals.map((column) => (
                <div key={column.name} className="call-field" data-testid="call-field" data-name={column.name}>
                  <dt>{column.name}</dt>
                  <dd>{text(fields[column.name]) === '' ? <span className="muted">{t.calls.emptyValue}</span> : text(fields[column.name])}</dd>
                </div>
              ))}
              {extra.map((value, i) => (
                <div key={`extra-${i}`} className="call-field extra" data-testid="call-field" data-name={SHAPE_COLUMNS.extra}>
                  <dt>{format(t.calls.extraFieldName, { n: i18n.num(width + i + 1) })}</dt>
                  <dd>{value === '' ? <span className="muted">{t.calls.emptyValue}</span> : value}</dd>
                </div>
              ))}
            </dl>
          </section>
        </>
      )}
    </aside>
  );
}
