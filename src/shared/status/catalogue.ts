import type { LocalizedText, Reason, Side, StatusEntry } from './types.ts';
import { sipPhrase } from './sip.ts';

/**
 * The service's status table (resources/call-statuses.md), in the table's order, with the product's
 * facets from docs/status-semantics.md. Russian texts are the table's wording, cleaned only of quotes
 * and stray spaces; a test proves this list and the resources copy match row for row.
 */
type Row = readonly [code: string, textRu: string, textEn: string, side: Side, reason: Reason, benign?: boolean, note?: LocalizedText];

const CARRIER_TROUBLE_RU = 'Технические неполадки на стороне оператора связи';
const CARRIER_TROUBLE_EN = 'Technical trouble on the carrier’s side';
const CARRIER_FORBIDS_RU = 'Оператор связи запрещает вызов';
const CARRIER_FORBIDS_EN = 'The carrier forbids the call';

const ROWS: readonly Row[] = [
  ['1/0', 'Звонок идёт в настоящий момент', 'The call is in progress right now', 'pending', 'in-progress'],
  ['2/0', 'Звонок запланирован', 'The call is scheduled', 'pending', 'scheduled'],
  ['200/200', 'Успешный звонок. Всё прошло хорошо', 'Successful call. Everything went well', 'success', 'connected'],
  [
    '200/0',
    'Менеджер не дождался ответа клиента, или АТС, либо оператор оборвал связь',
    'The manager did not wait for the client to answer, or the PBX or the carrier dropped the call',
    'manager',
    'dropped',
    false,
    {
      ru: 'Неоднозначный статус: трубку мог положить менеджер, а мог оборвать связь АТС или оператор. Отнесено к менеджеру; если таких звонков много у одного менеджера — поговорите с ним, если у всех сразу — проверьте АТС и оператора.',
      en: 'Ambiguous: the manager may have hung up, or the PBX or carrier dropped the call. Counted as the manager’s side; if it clusters on one manager, talk to them; if it hits everyone at once, check the PBX and the carrier.',
    },
  ],
  ['200/1', 'Звонок прекратился до получения статуса от вызываемого клиента', 'The call ended before the client’s leg returned a status', 'carrier', 'dropped'],
  ['200/403', CARRIER_FORBIDS_RU, CARRIER_FORBIDS_EN, 'carrier', 'rejected'],
  ['200/404', 'Номер клиента не существует', 'The client’s number does not exist', 'client', 'not-found'],
  ['200/408', 'Абонента не удалось найти за определённое время', 'The subscriber could not be reached in time', 'client', 'timeout'],
  ['200/480', 'Клиент временно недоступен', 'The client is temporarily unavailable', 'client', 'unavailable'],
  ['200/484', 'Неправильный номер клиента', 'The client’s number is wrong', 'client', 'invalid-number'],
  ['200/486', 'Номер клиента занят', 'The client’s line is busy', 'client', 'busy'],
  ['200/487', 'Клиент не взял трубку', 'The client did not pick up', 'client', 'no-answer'],
  ['200/491', 'Ошибка повторного обращения к тому же диалогу', 'Error re-entering the same dialog (request pending)', 'carrier', 'technical'],
  ['200/500', CARRIER_TROUBLE_RU, CARRIER_TROUBLE_EN, 'carrier', 'technical'],
  ['200/502', CARRIER_TROUBLE_RU, CARRIER_TROUBLE_EN, 'carrier', 'technical'],
  ['200/503', CARRIER_TROUBLE_RU, CARRIER_TROUBLE_EN, 'carrier', 'technical'],
  ['200/600', 'Номер клиента занят', 'The client’s line is busy', 'client', 'busy'],
  [
    '200/603',
    CARRIER_FORBIDS_RU,
    CARRIER_FORBIDS_EN,
    'carrier',
    'rejected',
    false,
    {
      ru: 'Неоднозначный статус: в SIP код 603 означает «Decline» — вызов отклонён, возможно самим клиентом. Таблица сервиса говорит, что вызов запрещает оператор; отнесено к оператору.',
      en: 'Ambiguous: SIP 603 means “Decline”, which the client’s phone may send itself. The service’s table says the carrier forbids the call, so it is counted as the carrier’s side.',
    },
  ],
  [
    '200/708',
    'Менеджер,отменил звонок без возможности для повторных соединений',
    'The manager cancelled the call with no further attempts',
    'manager',
    'cancelled',
  ],
  ['403/0', CARRIER_FORBIDS_RU, CARRIER_FORBIDS_EN, 'carrier', 'rejected'],
  ['404/0', 'Номер менеджера не существует', 'The manager’s number does not exist', 'manager', 'not-found'],
  ['408/0', 'Абонента не удалось найти за определённое время', 'The subscriber could not be reached in time', 'manager', 'timeout'],
  ['480/0', 'Менеджер недоступен', 'The manager is unavailable', 'manager', 'unavailable'],
  ['486/0', 'Номер менеджера занят', 'The manager’s line is busy', 'manager', 'busy'],
  ['487/0', 'Менеджер не взял трубку', 'The manager did not pick up', 'manager', 'no-answer'],
  ['491/0', 'Ошибка повторного обращения к тому же диалогу', 'Error re-entering the same dialog (request pending)', 'carrier', 'technical'],
  ['500/0', CARRIER_TROUBLE_RU, CARRIER_TROUBLE_EN, 'carrier', 'technical'],
  ['502/0', CARRIER_TROUBLE_RU, CARRIER_TROUBLE_EN, 'carrier', 'technical'],
  ['503/0', CARRIER_TROUBLE_RU, CARRIER_TROUBLE_EN, 'carrier', 'technical'],
  ['603/0', CARRIER_FORBIDS_RU, CARRIER_FORBIDS_EN, 'carrier', 'rejected'],
  ['604/0', 'Номер менеджера не существует', 'The manager’s number does not exist', 'manager', 'not-found'],
  ['667/0', 'Блокировка по номеру телефона клиента', 'Blocked by the client’s phone number', 'client', 'blocked'],
  ['668/0', 'Блокировка по IP адресу клиента', 'Blocked by the client’s IP address', 'client', 'blocked'],
  [
    '701/0',
    'Звонок отменен, так как цепочка уже удачно закончена',
    'Call cancelled because the chain already ended successfully',
    'service',
    'chain-done',
    true,
  ],
  ['702/0', 'Звонок отменён по причине отсутствия возможного рабочего времени', 'Call cancelled: no working hours available', 'service', 'schedule'],
  [
    '703/0',
    'Номер менеджера и номер клиента совпадают',
    'The manager’s and the client’s numbers are the same',
    'service',
    'config',
    false,
    {
      ru: 'Неоднозначный статус: клиент мог ввести номер менеджера, а мог менеджер проверять виджет со своего телефона. Отнесено к настройкам сервиса.',
      en: 'Ambiguous: a client may have typed the manager’s number, or a manager tested the widget from their own phone. Counted as the service’s side (configuration).',
    },
  ],
  ['704/0', 'Отменённый звонок по техническим причинам', 'Call cancelled for technical reasons', 'service', 'technical'],
  ['705/0', 'Номер менеджера находится в блэк-листе', 'The manager’s number is on the blacklist', 'service', 'config'],
  ['707/0', 'Звонок в ожидании обновления статуса', 'The call is waiting for a status update', 'pending', 'awaiting-status'],
  ['708/0', 'Отменен менеджером вручную', 'Cancelled by the manager manually', 'manager', 'cancelled'],
  ['709/0', 'Некорректный формат номера', 'Invalid number format', 'client', 'invalid-number'],
  ['710/0', 'Виджет отключен', 'The widget is switched off', 'service', 'config'],
  ['790/0', 'Test call', 'Test call', 'service', 'test', true],
  ['811/0', 'Закончился баланс', 'The account balance ran out', 'service', 'billing'],
  ['812/0', 'Закончился период', 'The paid period ended', 'service', 'billing'],
  ['813/0', 'Повторный заказ в течение часа', 'Repeat request within an hour', 'client', 'duplicate', true],
  ['814/0', 'Превышена максимальная стоимость звонка', 'The maximum call cost was exceeded', 'service', 'billing'],
  ['200/410', 'Номер клиента не существует', 'The client’s number does not exist', 'client', 'not-found'],
  ['484/0', 'Ошибка оператора связи', 'Carrier error', 'carrier', 'technical'],
  ['720/0', 'Неизвестная ошибка оператора связи', 'Unknown carrier error', 'carrier', 'technical'],
  ['200/406', 'Клиент недоступен', 'The client is unavailable', 'client', 'unavailable'],
  ['200/461', CARRIER_FORBIDS_RU, CARRIER_FORBIDS_EN, 'carrier', 'rejected'],
  ['504/0', 'Сервер недоступен', 'The server is unavailable', 'carrier', 'technical'],
  ['815/0', 'Дублирующийся звонок', 'Duplicate call', 'client', 'duplicate', true],
  ['200/400', 'Некорректный запрос, запрос не понятен серверу', 'Bad request: the server did not understand it', 'carrier', 'technical'],
  ['718/0', 'Недопустимый номер клиента', 'The client’s number is not allowed', 'client', 'invalid-number'],
  ['200/504', CARRIER_TROUBLE_RU, CARRIER_TROUBLE_EN, 'carrier', 'technical'],
  ['488/0', 'Не поддерживаются кодеки SIP', 'SIP codecs not supported', 'carrier', 'technical'],
  [
    '200/717',
    'Звонок был автоматически отменен при достижении времени, ограничивающего соединение с клиентом',
    'The call was cancelled automatically when the time limit for reaching the client was hit',
    'service',
    'time-limit',
  ],
  ['200/604', 'Вызываемого пользователя не существует', 'The called user does not exist', 'client', 'not-found'],
  ['200/401', 'Время регистрации истекло', 'The registration has expired', 'carrier', 'technical'],
  ['200/201', 'Режим заявок', 'Request mode (no call is made)', 'service', 'request-mode', true],
  ['101/486', 'Клиенту не поступило голосовое уведомление', 'The voice notification did not reach the client (busy)', 'client', 'busy'],
  ['101/480', 'Клиенту не поступило голосовое уведомление', 'The voice notification did not reach the client (unavailable)', 'client', 'unavailable'],
  ['101/200', 'Клиенту поступило голосовое уведомление', 'The voice notification reached the client', 'success', 'notified'],
  ['200/199', 'Звонок переведен на голосовую почту', 'The call went to voicemail', 'client', 'voicemail'],
  [
    '706/0',
    'попытка создать новую цепочку , когда ещё есть активная',
    'An attempt to start a new chain while one is still active',
    'service',
    'duplicate',
    true,
  ],
];

function toEntry([code, textRu, textEn, side, reason, benign = false, note]: Row): StatusEntry {
  const [manager, client] = code.split('/').map(Number) as [number, number];
  return {
    code,
    manager,
    client,
    textRu,
    textEn,
    side,
    reason,
    benign,
    managerPhrase: sipPhrase(manager),
    clientPhrase: sipPhrase(client),
    note: note ?? null,
  };
}

export const STATUS_CATALOGUE: readonly StatusEntry[] = Object.freeze(ROWS.map(toEntry));

const BY_CODE: ReadonlyMap<string, StatusEntry> = new Map(STATUS_CATALOGUE.map((entry) => [entry.code, entry]));

export function findStatus(code: string): StatusEntry | undefined {
  return BY_CODE.get(code);
}
