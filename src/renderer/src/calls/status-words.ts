import { findStatus } from '../../../shared/status/catalogue.ts';
import { clientLeg, managerLeg, type I18n } from '../i18n/index.ts';

/**
 * A call's status meaning in the interface language: the service's own text for a documented code,
 * both legs in plain words for a code the table lacks, a fixed sentence when there is no code at all.
 */
export function statusMeaning(i18n: I18n, code: string | null, managerCode: number | null, clientCode: number | null): string {
  const entry = code ? findStatus(code) : undefined;
  if (entry) return i18n.lang === 'ru' ? entry.textRu : entry.textEn;
  if (managerCode === null || clientCode === null) return i18n.t.calls.meaningUnknown;
  return `${managerLeg(i18n.t, managerCode).words} ${i18n.t.legs.arrow} ${clientLeg(i18n.t, clientCode).words}`;
}
