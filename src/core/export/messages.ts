import type { LocalizedText } from '../../shared/result.ts';

/** What an export says to a user, in both interface languages; one sentence each, never a path of the machine. */
const quote = (value: string): LocalizedText => {
  const short = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return { en: `“${short}”`, ru: `«${short}»` };
};

export const EXPORT_MESSAGES = {
  unknownColumn: (column: string): LocalizedText => ({
    en: `This dataset has no column ${quote(column).en} to export.`,
    ru: `В этом наборе нет столбца ${quote(column).ru} для выгрузки.`,
  }),
  notInCodePage: (line: number, column: string, character: string): LocalizedText => {
    const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      en: `Line ${line}, column ${quote(column).en} holds “${character}” (${code}), which Windows-1251 cannot hold; export in UTF-8, or tick “replace unsupported characters” to write “?” instead.`,
      ru: `В строке ${line}, столбце ${quote(column).ru} есть символ «${character}» (${code}), которого нет в Windows-1251; выгрузите в UTF-8 или включите «заменять неподдерживаемые символы» — тогда вместо него будет «?».`,
    };
  },
  exists: (name: string): LocalizedText => ({
    en: `${quote(name).en} already exists; choose another name or allow replacing it.`,
    ru: `Файл ${quote(name).ru} уже существует; выберите другое имя или разрешите заменить его.`,
  }),
  folderMissing: (name: string): LocalizedText => ({
    en: `The folder ${quote(name).en} does not exist.`,
    ru: `Папки ${quote(name).ru} не существует.`,
  }),
  diskFull: { en: 'The disk is full; free some space and export again.', ru: 'Диск заполнен; освободите место и повторите выгрузку.' },
  readOnly: (name: string): LocalizedText => ({
    en: `Cannot write ${quote(name).en}: the folder is read-only or you may not write there.`,
    ru: `Не удалось записать ${quote(name).ru}: папка только для чтения или нет прав на запись.`,
  }),
  writeFailed: (name: string, detail: string): LocalizedText => ({
    en: `Writing ${quote(name).en} failed (${detail}).`,
    ru: `Не удалось записать ${quote(name).ru} (${detail}).`,
  }),
  cancelled: { en: 'The export was cancelled; no file was written.', ru: 'Выгрузка отменена; файл не записан.' },
  noChromium: {
    en: 'No Chromium or Google Chrome was found to make the PDF; install one (the command line also takes --chromium PATH), or export the report as HTML and print it from a browser.',
    ru: 'Не найден Chromium или Google Chrome, чтобы сделать PDF; установите его (в командной строке можно указать --chromium ПУТЬ) либо выгрузите отчёт в HTML и распечатайте из браузера.',
  },
  pdfFailed: (detail: string): LocalizedText => ({
    en: `Chromium could not print the report to PDF (${detail}); export it as HTML and print it from a browser.`,
    ru: `Chromium не смог напечатать отчёт в PDF (${detail}); выгрузите его в HTML и распечатайте из браузера.`,
  }),
  exportGone: { en: 'This export is no longer available; export again.', ru: 'Эта выгрузка больше недоступна; выгрузите заново.' },
  exportFinished: { en: 'The export has already finished.', ru: 'Выгрузка уже завершена.' },
} as const;
