import type Database from 'better-sqlite3';

/**
 * The SQL functions compiled filters call (compile-filter.ts). Every connection that runs a filter's SQL
 * registers them here: the dataset's own (open-dataset.ts) and each parallel scan's (scan-worker.ts), so
 * both answer a filter alike.
 */
export function registerSqlFunctions(db: Database.Database): void {
  // Case-insensitive "contains" for any script (SQLite's own lower()/LIKE fold ASCII only, and these logs are Russian).
  db.function('callsight_contains', { deterministic: true }, (haystack: string | number | null, needle: string) =>
    haystack !== null && String(haystack).toLowerCase().includes(String(needle)) ? 1 : 0,
  );
}
