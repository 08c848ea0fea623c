import type { LocalizedText } from '../../shared/result.ts';

/**
 * What the query engine says to a user, in both interface languages (the rest of the engine's
 * sentences are in src/core/messages.ts). Each is one sentence that names the problem in the user's
 * terms — a column, a field, a value — and never SQL.
 */
const quote = (value: string): { en: string; ru: string } => {
  const short = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return { en: `“${short}”`, ru: `«${short}»` };
};

/** Names of the filter's fields as a user sees them. */
const FIELD_NAMES: Readonly<Record<string, LocalizedText>> = {
  sides: { en: 'sides', ru: 'стороны' },
  reasons: { en: 'reasons', ru: 'причины' },
  statuses: { en: 'statuses', ru: 'статусы' },
  origins: { en: 'origins', ru: 'происхождение статуса' },
  weekdays: { en: 'weekdays', ru: 'дни недели' },
  hours: { en: 'hours', ru: 'часы' },
  managers: { en: 'managers', ru: 'менеджеры' },
  sites: { en: 'sites', ru: 'сайты' },
  where: { en: 'column conditions', ru: 'условия по столбцам' },
};
const field = (name: string): LocalizedText => FIELD_NAMES[name] ?? { en: name, ru: name };

export const QUERY_MESSAGES = {
  unknownColumn: (column: string): LocalizedText => ({
    en: `This dataset has no column ${quote(column).en}.`,
    ru: `В этом наборе нет столбца ${quote(column).ru}.`,
  }),
  rangeOnText: (column: string): LocalizedText => ({
    en: `The column ${quote(column).en} holds text, so it can be searched but not limited to a range of numbers.`,
    ru: `Столбец ${quote(column).ru} текстовый: в нём можно искать, но не задавать диапазон чисел.`,
  }),
  textOnNumber: (column: string): LocalizedText => ({
    en: `The column ${quote(column).en} holds numbers; filter it by a range or an exact number.`,
    ru: `Столбец ${quote(column).ru} числовой; задайте для него диапазон или точное число.`,
  }),
  rangeWithoutEnds: (column: string): LocalizedText => ({
    en: `The range on ${quote(column).en} needs a lower or an upper bound.`,
    ru: `Для диапазона по ${quote(column).ru} нужна нижняя или верхняя граница.`,
  }),
  rangeUpsideDown: (column: string): LocalizedText => ({
    en: `The range on ${quote(column).en} starts above its end; swap the bounds.`,
    ru: `Диапазон по ${quote(column).ru} начинается выше своего конца; поменяйте границы местами.`,
  }),
  timeUpsideDown: {
    en: 'The end of the time range must come after its start.',
    ru: 'Конец интервала времени должен быть позже его начала.',
  },
  badTime: (value: string): LocalizedText => ({
    en: `${quote(value).en} is not a date and time like 2026-03-01 or 2026-03-01T08:30.`,
    ru: `${quote(value).ru} — не дата и время вида 2026-03-01 или 2026-03-01T08:30.`,
  }),
  badStatus: (value: string): LocalizedText => ({
    en: `${quote(value).en} is not a status code like 200/487.`,
    ru: `${quote(value).ru} — не код статуса вида 200/487.`,
  }),
  tooManyValues: (name: string, max: number): LocalizedText => ({
    en: `A filter can hold at most ${max} ${field(name).en}.`,
    ru: `В фильтре может быть не больше ${max} значений в поле «${field(name).ru}».`,
  }),
  textTooLong: (max: number): LocalizedText => ({
    en: `A value in a filter can be at most ${max} characters long.`,
    ru: `Значение в фильтре может быть не длиннее ${max} символов.`,
  }),
  phoneTooShort: (min: number): LocalizedText => ({
    en: `Type at least ${min} digits of the phone number.`,
    ru: `Введите хотя бы ${min} цифры номера телефона.`,
  }),
  noRoleColumn: (role: 'manager' | 'site'): LocalizedText =>
    role === 'manager'
      ? { en: 'This dataset has no manager column to filter by.', ru: 'В этом наборе нет столбца менеджера, по которому можно отбирать.' }
      : { en: 'This dataset has no site column to filter by.', ru: 'В этом наборе нет столбца сайта, по которому можно отбирать.' },
  noSuchCall: {
    en: 'This call is not in the dataset.',
    ru: 'Этого звонка нет в наборе данных.',
  },
  notADataset: (name: string): LocalizedText => ({
    en: `${quote(name).en} is not a Callsight dataset.`,
    ru: `${quote(name).ru} — не набор данных Callsight.`,
  }),
  datasetFileMissing: (name: string): LocalizedText => ({
    en: `The dataset file ${quote(name).en} does not exist.`,
    ru: `Файла набора ${quote(name).ru} не существует.`,
  }),
  olderFormat: {
    en: 'This dataset was written by an older version of Callsight that the grid cannot read; import the file again.',
    ru: 'Этот набор записан старой версией Callsight, которую таблица не читает; импортируйте файл заново.',
  },
  newerFormat: {
    en: 'This dataset was written by a newer version of Callsight; update Callsight to open it.',
    ru: 'Этот набор записан более новой версией Callsight; обновите Callsight, чтобы открыть его.',
  },
  incomplete: {
    en: 'This dataset is incomplete or damaged; import the file again.',
    ru: 'Этот набор данных неполон или повреждён; импортируйте файл заново.',
  },
} as const;
