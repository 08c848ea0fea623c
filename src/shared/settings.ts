export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Settings {
  readonly language: Language;
}

export const DEFAULT_SETTINGS: Settings = { language: 'ru' };
