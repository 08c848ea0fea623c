import { createContext, useContext } from 'react';
import type { SourceRef } from '../../shared/import-types.ts';
import type { CallFilter } from '../../shared/query.ts';
import type { Result } from '../../shared/result.ts';
import type { Dict } from './i18n/index.ts';

/**
 * What every screen may ask of the shell. It lives in its own module so that screens depend on this
 * contract, not on App.tsx (which imports the screens: importing App back made a circle).
 */
export interface Shell {
  /**
   * Shows a failed result's sentence (the engine's, already localized; the dictionary's for a transport
   * failure) and returns null; returns the value otherwise. With an `action` name, a failure replaces that
   * action's earlier one, and a success removes it (the error was about a try that is now over).
   */
  unwrap<T>(result: Result<T>, action?: string): T | null;
  /** A short confirmation, written as a function of the dictionary so it follows a language switch. */
  info(message: (t: Dict) => string): void;
}

/** Moving between screens: the grid, the reference and the import dialog reach each other through these. */
export interface Navigator {
  /** Opens a dataset's calls; with a filter, the grid shows that filter (it becomes the newest step of its history). */
  readonly showCalls: (datasetId: string, filter?: CallFilter) => void;
  /** Opens the status reference at one status. */
  readonly openStatus: (code: string) => void;
  /** Opens the import dialog on a source ("Import again": with the dataset it replaces, whose name it keeps). */
  readonly importSource: (source: SourceRef, replacing?: { readonly id: string; readonly name: string }) => void;
  /** The dataset whose calls are open (the reference shows its counts), or null. */
  readonly callsDatasetId: string | null;
}

export const ShellContext = createContext<Shell | null>(null);
export const NavigatorContext = createContext<Navigator | null>(null);

/** The shell's services; a screen is only ever rendered inside App's providers. */
export function useShell(): Shell {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error('useShell outside the app shell');
  return shell;
}

export function useNavigator(): Navigator {
  const navigator = useContext(NavigatorContext);
  if (!navigator) throw new Error('useNavigator outside the app shell');
  return navigator;
}
