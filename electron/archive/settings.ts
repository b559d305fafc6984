import type { Database } from 'better-sqlite3';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../shared/i18n/languages';

export interface StoredSettings {
  language: Language;
}

export function readSettings(db: Database): StoredSettings {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'language'").get() as { value: string } | undefined;
  return { language: isLanguage(row?.value) ? row.value : DEFAULT_LANGUAGE };
}

export function writeSettings(db: Database, patch: Partial<StoredSettings>): StoredSettings {
  if (patch.language) {
    db.prepare("INSERT INTO settings (key, value) VALUES ('language', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
      patch.language,
    );
  }
  return readSettings(db);
}
