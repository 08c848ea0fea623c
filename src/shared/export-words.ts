import type { ExportFormat } from './export.ts';
import { FAILURE_SIDES, type FailureSide } from './query.ts';
import { findStatus, sipPhrase } from './status/index.ts';
import type { Reason, Side, StatusOrigin } from './status/types.ts';
import type { Language } from './settings.ts';

/**
 * The words an exported file shows, in both languages. Shared: the engine writes them into files, the
 * export dialog builds the proposed file name from them, and the interface's dictionaries
 * (src/renderer/src/i18n/ru.ts, en.ts) take their side and reason names from here, so a file and the
 * screen always say the same (the engine may not import the renderer's dictionaries: layer rule).
 */
export const SIDE_WORDS: Readonly<Record<Language, Readonly<Record<Side, string>>>> = {
  ru: { success: 'Успех', manager: 'Менеджер', client: 'Клиент', carrier: 'Оператор связи', service: 'Сервис', pending: 'В процессе', unknown: 'Неизвестно' },
  en: { success: 'Success', manager: 'Manager', client: 'Client', carrier: 'Carrier', service: 'Service', pending: 'Pending', unknown: 'Unknown' },
};

export const REASON_WORDS: Readonly<Record<Language, Readonly<Record<Reason, string>>>> = {
  ru: {
    connected: 'Соединено',
    notified: 'Уведомлён',
    voicemail: 'Голосовая почта',
    'no-answer': 'Не ответил',
    busy: 'Занято',
    unavailable: 'Недоступен',
    'not-found': 'Номер не существует',
    'invalid-number': 'Неверный номер',
    timeout: 'Тайм-аут',
    rejected: 'Отклонён',
    technical: 'Технический сбой',
    dropped: 'Обрыв',
    cancelled: 'Отменён',
    blocked: 'Заблокирован',
    duplicate: 'Повтор',
    schedule: 'Расписание',
    billing: 'Оплата',
    config: 'Настройки',
    test: 'Тест',
    'request-mode': 'Режим заявок',
    'chain-done': 'Цепочка завершена',
    'time-limit': 'Лимит времени',
    'in-progress': 'Идёт',
    scheduled: 'Запланирован',
    'awaiting-status': 'Ждёт статуса',
    unknown: 'Неизвестно',
  },
  en: {
    connected: 'Connected',
    notified: 'Notified',
    voicemail: 'Voicemail',
    'no-answer': 'No answer',
    busy: 'Busy',
    unavailable: 'Unavailable',
    'not-found': 'Number not found',
    'invalid-number': 'Invalid number',
    timeout: 'Timeout',
    rejected: 'Rejected',
    technical: 'Technical failure',
    dropped: 'Dropped',
    cancelled: 'Cancelled',
    blocked: 'Blocked',
    duplicate: 'Duplicate',
    schedule: 'Schedule',
    billing: 'Billing',
    config: 'Configuration',
    test: 'Test',
    'request-mode': 'Request mode',
    'chain-done': 'Chain done',
    'time-limit': 'Time limit',
    'in-progress': 'In progress',
    scheduled: 'Scheduled',
    'awaiting-status': 'Awaiting status',
    unknown: 'Unknown',
  },
};

export const ORIGIN_WORDS: Readonly<Record<Language, Readonly<Record<StatusOrigin, string>>>> = {
  ru: { documented: 'из таблицы сервиса', inferred: 'выведено по правилам', unknown: 'не распознан' },
  en: { documented: 'service table', inferred: 'inferred by rule', unknown: 'unrecognised' },
};

export const YES_NO: Readonly<Record<Language, readonly [yes: string, no: string]>> = { ru: ['да', 'нет'], en: ['yes', 'no'] };

/** The six columns every export adds after the original ones, in this order. */
export const ANNOTATION_HEADERS: Readonly<Record<Language, readonly string[]>> = {
  ru: ['Код статуса', 'Значение статуса', 'Сторона сбоя', 'Причина', 'Норма', 'Происхождение статуса'],
  en: ['Status code', 'Status meaning', 'Failure side', 'Reason', 'Benign', 'Status origin'],
};

/**
 * A status's meaning: the service's own text for a documented code; for a code the table lacks, both
 * legs with their SIP phrases; for a call without a readable status, one fixed sentence.
 */
export function statusMeaning(language: Language, code: string | null, managerLeg: number | null, clientLeg: number | null): string {
  const entry = code === null ? undefined : findStatus(code);
  if (entry) return language === 'ru' ? entry.textRu : entry.textEn;
  if (managerLeg === null || clientLeg === null) return language === 'ru' ? 'Статус не распознан' : 'Status not recognised';
  const leg = (n: number): string => {
    const phrase = sipPhrase(n);
    return phrase ? `${n} ${phrase}` : String(n);
  };
  return language === 'ru'
    ? `Код не из таблицы сервиса: менеджер ${leg(managerLeg)} — клиент ${leg(clientLeg)}`
    : `Code not in the service’s table: manager ${leg(managerLeg)} — client ${leg(clientLeg)}`;
}

/** Words of the summary sheet and the report. */
export const REPORT_WORDS = {
  ru: {
    title: 'Отчёт по звонкам',
    summarySheet: 'Сводка',
    dataSheet: 'Звонки',
    dataset: 'Набор данных',
    sourceFile: 'Исходный файл',
    filter: 'Фильтр',
    sort: 'Порядок',
    period: 'Период',
    periodNone: 'время звонков не указано',
    exported: 'Выгружено',
    calls: 'Звонков',
    failures: 'Сбоев',
    benign: 'Норма (ожидаемый исход)',
    answered: 'Дозвонились',
    share: 'Доля',
    count: 'Количество',
    bySide: 'По сторонам сбоя',
    byReason: 'По причинам',
    topStatuses: 'Частые статусы',
    topFailureReasons: 'Основные причины сбоев',
    status: 'Статус',
    meaning: 'Значение',
    side: 'Сторона',
    reason: 'Причина',
    managers: 'По менеджерам',
    manager: 'Менеджер',
    failureRate: 'Доля сбоев',
    noManagers: 'В файле нет столбца менеджера.',
    failuresOverTime: 'Сбои по времени',
    heatmap: 'Сбои по дням недели и часам',
    weekdays: ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'],
    sheetsNote: (sheets: number, perSheet: number) =>
      `Строк больше, чем помещается на один лист Excel: данные на ${sheets} листах по ${perSheet.toLocaleString('ru-RU')} строк.`,
    generated: 'Создано Callsight',
    noCalls: 'Под фильтр не попал ни один звонок.',
  },
  en: {
    title: 'Call report',
    summarySheet: 'Summary',
    dataSheet: 'Calls',
    dataset: 'Dataset',
    sourceFile: 'Source file',
    filter: 'Filter',
    sort: 'Order',
    period: 'Period',
    periodNone: 'no call times in the file',
    exported: 'Exported',
    calls: 'Calls',
    failures: 'Failures',
    benign: 'Benign (expected outcome)',
    answered: 'Answered',
    share: 'Share',
    count: 'Count',
    bySide: 'By failure side',
    byReason: 'By reason',
    topStatuses: 'Top statuses',
    topFailureReasons: 'Top failure reasons',
    status: 'Status',
    meaning: 'Meaning',
    side: 'Side',
    reason: 'Reason',
    managers: 'By manager',
    manager: 'Manager',
    failureRate: 'Failure rate',
    noManagers: 'The file has no manager column.',
    failuresOverTime: 'Failures over time',
    heatmap: 'Failures by weekday and hour',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    sheetsNote: (sheets: number, perSheet: number) =>
      `More rows than one Excel sheet holds: the data is on ${sheets} sheets of ${perSheet.toLocaleString('en-US')} rows.`,
    generated: 'Made by Callsight',
    noCalls: 'No call matches the filter.',
  },
} as const satisfies Record<Language, unknown>;

export type ReportWords = (typeof REPORT_WORDS)[Language];

/** The side colours of the app (styles/app.css `--<side>-bg/-fg/-dot`), for cells and charts that have no CSS. */
export const SIDE_COLOURS: Readonly<Record<Side, { readonly bg: string; readonly fg: string; readonly dot: string }>> = {
  success: { bg: '#e3f4e8', fg: '#1b6b35', dot: '#2e9d52' },
  manager: { bg: '#fdeedd', fg: '#9a4a00', dot: '#e0780f' },
  client: { bg: '#e2eefc', fg: '#1c4f9c', dot: '#2f74d0' },
  carrier: { bg: '#efe7fb', fg: '#5b2f9e', dot: '#8250d0' },
  service: { bg: '#efe9e2', fg: '#5e4a36', dot: '#8c7358' },
  pending: { bg: '#dff4f1', fg: '#12675d', dot: '#1a9a8a' },
  unknown: { bg: '#eceef1', fg: '#4a5160', dot: '#8a93a3' },
};

export const failureSideWords = (language: Language): Readonly<Record<FailureSide, string>> =>
  Object.fromEntries(FAILURE_SIDES.map((side) => [side, SIDE_WORDS[language][side]])) as Record<FailureSide, string>;

/** "звонки" / "calls": the first word of a proposed file name. */
export const FILE_NAME_WORDS: Readonly<Record<Language, { readonly calls: string; readonly report: string }>> = {
  ru: { calls: 'звонки', report: 'отчёт' },
  en: { calls: 'calls', report: 'report' },
};

export const isReportFormat = (format: ExportFormat): boolean => format === 'html' || format === 'pdf';
