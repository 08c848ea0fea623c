import { withoutPaths, type LocalizedText } from '../shared/result.ts';
import type { BinaryKind } from './import/detect/binary.ts';

/**
 * Every sentence the engine may say to a user, in both interface languages, in one place so the
 * translations stay complete and consistent. The engine picks the user's language at the boundary.
 */
export const MESSAGES = {
  fileEmpty: { en: 'The file is empty.', ru: 'Файл пуст.' },
  fileBinary: {
    en: 'This is not a text export: the file holds binary data. Choose the call log itself: CSV, TXT or XLSX.',
    ru: 'Это не текстовая выгрузка: в файле двоичные данные. Выберите сам журнал звонков: CSV, TXT или XLSX.',
  },
  headerOnly: {
    en: 'The file holds only the header row: there are no calls in it.',
    ru: 'В файле только строка заголовков: звонков в нём нет.',
  },
  noStatusColumn: {
    en: 'No column looks like a call status (such as “200/487”); choose the status column, or the manager and client leg columns.',
    ru: 'Ни один столбец не похож на статус звонка (вида «200/487»); укажите столбец статуса или столбцы плеч менеджера и клиента.',
  },
  zipNotWorkbook: {
    en: 'The file is a ZIP archive but not an Excel workbook (XLSX).',
    ru: 'Файл — ZIP-архив, но не книга Excel (XLSX).',
  },
  workbookWithoutSheets: { en: 'The workbook has no worksheets.', ru: 'В книге нет листов.' },
  workbookDamaged: {
    en: 'The file looks like an Excel workbook but is damaged or not an XLSX file.',
    ru: 'Файл похож на книгу Excel, но повреждён или не является XLSX.',
  },
  workbookCompression: {
    en: 'The workbook uses a compression method Callsight cannot read.',
    ru: 'Книга сжата способом, который Callsight не умеет читать.',
  },
  tooManyLines: {
    en: 'The file has more than 4,294,967,295 lines, more than one dataset can number; split it into parts and import each.',
    ru: 'В файле больше 4 294 967 295 строк — больше, чем может пронумеровать один набор данных; разделите его на части и импортируйте каждую.',
  },
  diskFull: { en: 'The disk is full; free some space and import again.', ru: 'Диск заполнен; освободите место и повторите импорт.' },
  writerFailed: { en: 'Writing the dataset failed.', ru: 'Не удалось записать набор данных.' },
  datasetDamaged: {
    en: 'This dataset is incomplete or damaged; import the file again.',
    ru: 'Этот набор данных неполон или повреждён; импортируйте файл заново.',
  },
  datasetMissing: { en: 'This dataset no longer exists.', ru: 'Этого набора данных больше нет.' },
  datasetNameEmpty: { en: 'A dataset name cannot be empty.', ru: 'Название набора не может быть пустым.' },
  invalidDatasetId: { en: 'That is not a valid dataset id.', ru: 'Неверный идентификатор набора данных.' },
  invalidOffset: { en: 'The offset must be a whole number ≥ 0.', ru: 'Смещение должно быть целым числом ≥ 0.' },
  noHeaderRow: {
    en: 'No header row found; columns are named Column 1, Column 2, …',
    ru: 'Строка заголовков не найдена; столбцы названы «Столбец 1», «Столбец 2», …',
  },
  undecodableCharacters: {
    en: 'Some characters cannot be decoded: the encoding may be wrong.',
    ru: 'Часть символов не читается: возможно, кодировка выбрана неверно.',
  },
  sourceGone: {
    en: 'The chosen file is no longer available; choose it again.',
    ru: 'Выбранный файл больше недоступен; выберите его снова.',
  },
  importAlreadyFinished: { en: 'This import has already finished.', ru: 'Этот импорт уже завершён.' },
  originalFileMoved: {
    en: 'The original file of this dataset is no longer where it was; choose it again.',
    ru: 'Исходного файла этого набора больше нет на прежнем месте; выберите его снова.',
  },
  importCancelled: { en: 'The import was cancelled.', ru: 'Импорт отменён.' },
  importEngineRestarted: {
    en: 'The engine stopped unexpectedly during this import and was restarted; choose the file and import it again.',
    ru: 'Ядро неожиданно остановилось во время этого импорта и было перезапущено; выберите файл и импортируйте его снова.',
  },
  uploadBusy: {
    en: 'This page is still uploading a file; wait until it has finished.',
    ru: 'Эта страница ещё загружает файл; дождитесь окончания загрузки.',
  },
} as const satisfies Record<string, LocalizedText>;

/** What a binary file looks like, after "похоже на" / "it looks like". */
const BINARY_KINDS: Readonly<Record<BinaryKind, LocalizedText>> = {
  png: { en: 'a PNG image', ru: 'изображение PNG' },
  jpeg: { en: 'a JPEG image', ru: 'изображение JPEG' },
  gif: { en: 'a GIF image', ru: 'изображение GIF' },
  bmp: { en: 'a BMP image', ru: 'изображение BMP' },
  webp: { en: 'a WebP image', ru: 'изображение WebP' },
  tiff: { en: 'a TIFF image', ru: 'изображение TIFF' },
  pdf: { en: 'a PDF document', ru: 'документ PDF' },
  zip: { en: 'a ZIP archive that is not an Excel workbook', ru: 'ZIP-архив, а не книгу Excel' },
  gzip: { en: 'a GZIP archive', ru: 'архив GZIP' },
  rar: { en: 'a RAR archive', ru: 'архив RAR' },
  '7z': { en: 'a 7-Zip archive', ru: 'архив 7-Zip' },
  xls: { en: 'an Excel 97–2003 workbook (XLS), which Callsight does not read', ru: 'книгу Excel 97–2003 (XLS), которую Callsight не читает' },
  exe: { en: 'a Windows program', ru: 'программу Windows' },
  elf: { en: 'a Linux program', ru: 'программу Linux' },
  macho: { en: 'a macOS program', ru: 'программу macOS' },
  sqlite: { en: 'an SQLite database (perhaps a dataset already imported)', ru: 'базу данных SQLite (возможно, уже импортированный набор)' },
  mp3: { en: 'an MP3 recording', ru: 'аудиозапись MP3' },
  mp4: { en: 'an MP4 video or recording', ru: 'видео или запись MP4' },
};

export const messageWith = {
  noSuchSheet: (name: string, sheets: readonly string[]): LocalizedText => ({
    en: `The workbook has no sheet “${name}” (sheets: ${sheets.join(', ')}).`,
    ru: `В книге нет листа «${name}» (листы: ${sheets.join(', ')}).`,
  }),
  cannotRead: (name: string): LocalizedText => ({ en: `Cannot read the file “${name}”.`, ru: `Не удаётся прочитать файл «${name}».` }),
  notAFile: (name: string): LocalizedText => ({ en: `“${name}” is not a file.`, ru: `«${name}» — не файл.` }),
  isFolder: (path: string): LocalizedText => ({ en: `“${fileName(path)}” is a folder, not a file.`, ru: `«${fileName(path)}» — папка, а не файл.` }),
  fileMissing: (path: string): LocalizedText => ({ en: `The file “${fileName(path)}” does not exist.`, ru: `Файла «${fileName(path)}» не существует.` }),
  fileUnreadable: (path: string, code: string): LocalizedText => ({
    en: `The file “${fileName(path)}” cannot be read (${code}).`,
    ru: `Файл «${fileName(path)}» не удаётся прочитать (${code}).`,
  }),
  datasetNotWritable: (path: string): LocalizedText => ({
    en: `Cannot write the dataset file “${fileName(path)}” (permission denied).`,
    ru: `Нет прав на запись файла набора «${fileName(path)}».`,
  }),
  datasetNameTaken: (name: string): LocalizedText => ({
    en: `Another dataset is already called “${name}”; choose another name.`,
    ru: `Набор с названием «${name}» уже есть; выберите другое название.`,
  }),
  nameTooLong: (max: number): LocalizedText => ({
    en: `A dataset name can be at most ${max} characters.`,
    ru: `Название набора может быть не длиннее ${max} символов.`,
  }),
  limitOutOfRange: (max: number): LocalizedText => ({
    en: `The limit must be a whole number from 1 to ${max}.`,
    ru: `Предел должен быть целым числом от 1 до ${max}.`,
  }),
  datasetNotDeleted: (code: string): LocalizedText => ({
    en: `The dataset file cannot be deleted (${code}).`,
    ru: `Файл набора не удаётся удалить (${code}).`,
  }),
  /** A file that is not a text export, said as what it looks like (detect/binary.ts). */
  binaryFile: (kind: BinaryKind): LocalizedText => {
    const what = BINARY_KINDS[kind];
    const advice =
      kind === 'xls'
        ? { en: 'Open it in Excel and save it as XLSX or CSV.', ru: 'Откройте её в Excel и сохраните как XLSX или CSV.' }
        : { en: 'Choose the call log itself: CSV, TXT or XLSX.', ru: 'Выберите сам журнал звонков: CSV, TXT или XLSX.' };
    return { en: `This is not a text export — it looks like ${what.en}. ${advice.en}`, ru: `Это не текстовая выгрузка — похоже на ${what.ru}. ${advice.ru}` };
  },
  rowLooksLikeHeader: (line: number): LocalizedText => ({
    en: `Line ${line} reads like column names, yet the header row is 0: it will be imported as a call. Set the header row to ${line} if it is the header.`,
    ru: `Строка ${line} похожа на названия столбцов, а строка заголовка — 0: она будет загружена как звонок. Укажите строку заголовка ${line}, если это заголовок.`,
  }),
  rareCodePage: (name: string): LocalizedText => ({
    en: `The file is in ${name}; it is read as such.`,
    ru: `Файл в кодировке ${name}; он прочитан в ней.`,
  }),
  tooManyColumns: (found: number, max: number): LocalizedText => ({
    en: `The file has ${found} columns, more than a dataset can hold (at most ${max}); check the delimiter, or export fewer columns.`,
    ru: `В файле столбцов: ${found}, а набор данных вмещает не больше ${max}; проверьте разделитель или выгрузите меньше столбцов.`,
  }),
  headerTooLong: (limit: number): LocalizedText => ({
    en: `The header line is too long (over ${limit / 1024} KB): this is not a call log header; check the file and the delimiter.`,
    ru: `Строка заголовков слишком длинная (больше ${limit / 1024} КБ): это не заголовок журнала звонков; проверьте файл и разделитель.`,
  }),
  uploadTooLarge: (limitBytes: number): LocalizedText => ({
    en: `The file is too large to upload: the browser host takes files up to ${sizeInWords(limitBytes, 'en')}.`,
    ru: `Файл слишком велик для загрузки: браузерный хост принимает файлы до ${sizeInWords(limitBytes, 'ru')}.`,
  }),
  uploadNoSpace: (limitBytes: number, marginBytes: number): LocalizedText => ({
    en: `Not enough free space on the data disk: the browser host takes files up to ${sizeInWords(limitBytes, 'en')} now, so that ${sizeInWords(marginBytes, 'en')} stay free; free some space and upload again.`,
    ru: `На диске с данными мало места: сейчас браузерный хост принимает файлы до ${sizeInWords(limitBytes, 'ru')}, чтобы ${sizeInWords(marginBytes, 'ru')} оставались свободными; освободите место и загрузите файл снова.`,
  }),
  tooManyUploads: (max: number): LocalizedText => ({
    en: `At most ${max} uploaded files may wait for import at once; import one of them first, or try again in a while.`,
    ru: `Ожидать импорта могут не больше ${max} загруженных файлов сразу; сначала импортируйте один из них или повторите позже.`,
  }),
  workbookPartTooLarge: (part: string, limitBytes: number): LocalizedText => ({
    en: `The workbook's part “${part}” unpacks to more than ${sizeInWords(limitBytes, 'en')}, more than Callsight reads from a workbook; save the sheet as CSV in Excel and import that.`,
    ru: `Часть книги «${part}» распаковывается больше чем в ${sizeInWords(limitBytes, 'ru')} — больше, чем Callsight читает из книги; сохраните лист в Excel как CSV и импортируйте его.`,
  }),
  sharedStringsTooMany: (maxStrings: number, maxChars: number): LocalizedText => ({
    en: `The workbook's table of texts holds more than ${maxStrings.toLocaleString('en-US')} texts or ${maxChars.toLocaleString('en-US')} characters, more than Callsight reads from a workbook; save the sheet as CSV in Excel and import that.`,
    ru: `Таблица текстов книги содержит больше ${maxStrings.toLocaleString('ru-RU')} текстов или ${maxChars.toLocaleString('ru-RU')} символов — больше, чем Callsight читает из книги; сохраните лист в Excel как CSV и импортируйте его.`,
  }),
  importStopped: (detail: string): LocalizedText => ({
    en: `The import stopped unexpectedly: ${withoutPaths(detail)}`,
    ru: `Импорт неожиданно прервался: ${withoutPaths(detail)}`,
  }),
};

/**
 * A file's own name without its folders: sentences never show where on the machine a file lives
 * (the user knows which file they chose; a path can name the user, and the browser host's data folder).
 */
function fileName(path: string): string {
  return (
    path
      .split(/[\\/]/)
      .filter((part) => part !== '')
      .pop() ?? path
  );
}

/** A size as people say it: "200 MB", "1.5 GB", "64 КБ". */
export function sizeInWords(bytes: number, language: 'en' | 'ru'): string {
  const units = language === 'ru' ? ['байт', 'КБ', 'МБ', 'ГБ', 'ТБ'] : ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = unit === 0 || value >= 10 ? String(Math.floor(value)) : String(Math.floor(value * 10) / 10);
  return `${language === 'ru' ? rounded.replace('.', ',') : rounded} ${units[unit]}`;
}
