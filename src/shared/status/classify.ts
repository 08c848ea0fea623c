import { findStatus } from './catalogue.ts';
import { isServiceCode, isSipFailure } from './sip.ts';
import type { Classification, Reason, Side } from './types.ts';

/**
 * Turns any raw status value from an export into facets. Rules: docs/status-semantics.md.
 * Accepts "200/487", " 200 / 487 ", "200/487 Клиент не взял трубку" (text after the pair is ignored),
 * and "200\487" (a common Excel slip). Everything else is unknown with the raw value kept.
 */
const PAIR = /^\s*(\d{1,4})\s*[/\\]\s*(\d{1,4})(?:\s.*)?$/s;
const LEG = /^\s*(\d{1,4})(?:\.0+)?\s*$/;
/** What an empty client leg looks like in exports where the client was never dialled. */
const EMPTY_LEG = /^\s*(?:|-|—|–)\s*$/;

export function classifyStatus(raw: string): Classification {
  const match = PAIR.exec(raw);
  if (!match) return unknown(raw);
  return classifyPair(raw, Number(match[1]), Number(match[2]));
}

/** Two separate leg columns ("Статус менеджера", "Статус клиента"). An empty client leg means 0. */
export function classifyLegs(managerRaw: string, clientRaw: string): Classification {
  const raw = `${managerRaw}/${clientRaw}`;
  const manager = LEG.exec(managerRaw);
  if (!manager) return unknown(raw);
  const client = LEG.exec(clientRaw);
  if (client) return classifyPair(raw, Number(manager[1]), Number(client[1]));
  if (EMPTY_LEG.test(clientRaw)) return classifyPair(raw, Number(manager[1]), 0);
  return unknown(raw);
}

export function classifyPair(raw: string, manager: number, client: number): Classification {
  const code = `${manager}/${client}`;
  const entry = findStatus(code);
  if (entry) {
    return { raw, code, manager, client, side: entry.side, reason: entry.reason, benign: entry.benign, origin: 'documented' };
  }
  const inferred = inferFacets(manager, client);
  if (!inferred) return { ...unknown(raw), code, manager, client };
  return { raw, code, manager, client, side: inferred.side, reason: inferred.reason, benign: false, origin: 'inferred' };
}

function unknown(raw: string): Classification {
  return { raw, code: null, manager: null, client: null, side: 'unknown', reason: 'unknown', benign: false, origin: 'unknown' };
}

/** The inference rules for codes the table lacks (status-semantics.md, "Codes that are not in the table"). */
function inferFacets(manager: number, client: number): { side: Side; reason: Reason } | null {
  if (manager === 1) return { side: 'pending', reason: 'in-progress' };
  if (manager === 2) return { side: 'pending', reason: 'scheduled' };
  if ((manager === 200 || manager === 101) && client === 200) {
    return { side: 'success', reason: manager === 101 ? 'notified' : 'connected' };
  }
  if ((manager === 200 || manager === 101) && isSipFailure(client)) {
    const carrier = client === 403 || client === 461 || client === 603 || (client >= 500 && client <= 599);
    return { side: carrier ? 'carrier' : 'client', reason: sipReason(client) };
  }
  if (isSipFailure(manager) && client === 0) {
    const carrier = manager === 403 || manager === 603 || (manager >= 500 && manager <= 599);
    return { side: carrier ? 'carrier' : 'manager', reason: sipReason(manager) };
  }
  if (isServiceCode(manager) || isServiceCode(client)) return { side: 'service', reason: 'unknown' };
  return null;
}

/** The nearest reason for a SIP failure code; "technical" for the rest. */
function sipReason(code: number): Reason {
  switch (code) {
    case 403:
    case 461:
    case 603:
      return 'rejected';
    case 404:
    case 410:
    case 604:
      return 'not-found';
    case 408:
      return 'timeout';
    case 480:
    case 406:
      return 'unavailable';
    case 484:
      return 'invalid-number';
    case 486:
    case 600:
      return 'busy';
    case 487:
      return 'no-answer';
    default:
      return 'technical';
  }
}
