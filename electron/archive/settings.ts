import type { Database } from 'better-sqlite3';
import { DEFAULT_IDLE_MINUTES } from '../../shared/domain/accounts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../shared/i18n/languages';

export interface StoredSettings {
  language: Language;
  idleMinutes: number;
}

export function readSettings(db: Database): StoredSettings {
  const rows = new Map(db.prepare('SELECT key, value FROM settings').raw().all() as [string, string][]);
  const language = rows.get('language');
  const idle = Number(rows.get('idle_minutes'));
  return {
    language: isLanguage(language) ? language : DEFAULT_LANGUAGE,
    idleMinutes: Number.isInteger(idle) && idle > 0 ? idle : DEFAULT_IDLE_MINUTES,
  };
}

export function writeSettings(db: Database, patch: Partial<StoredSettings>): StoredSettings {
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  if (patch.language) set.run('language', patch.language);
  if (patch.idleMinutes !== undefined) set.run('idle_minutes', String(patch.idleMinutes));
  return readSettings(db);
}
