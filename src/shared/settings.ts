import type { DatasetView } from './dataset-view.ts';

export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Settings {
  readonly language: Language;
  /** Each dataset's grid as the user left it (filter, sort, columns), by dataset id. */
  readonly views: Readonly<Record<string, DatasetView>>;
}

export const DEFAULT_SETTINGS: Settings = { language: 'ru', views: {} };
