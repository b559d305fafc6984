import type { Database } from 'better-sqlite3';
import { DEFAULT_IDLE_MINUTES } from '../../shared/domain/account-basics';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../shared/i18n/languages';
import { DEFAULT_HOUSE_PROOFREADING, type HouseProofreading } from '../../shared/proofread/house';
import { proofreadingIn } from './stored-shapes';
import { DEFAULT_TYPEFACES, readTypefaces, type TypefaceStyle } from '../../shared/typeset/typefaces';

export interface StoredSettings {
  language: Language;
  idleMinutes: number;
  proofreading: HouseProofreading;
  typefaces: TypefaceStyle;
}

/** The newsroom's proofreading rules as stored; a damaged value reads as none rather than stopping the desk. */
function readProofreading(value: string | undefined): HouseProofreading {
  if (value === undefined) return DEFAULT_HOUSE_PROOFREADING;
  try {
    return proofreadingIn(JSON.parse(value)) ?? DEFAULT_HOUSE_PROOFREADING;
  } catch {
    return DEFAULT_HOUSE_PROOFREADING;
  }
}

/** The house's typefaces as stored; a damaged value reads as the default, role by role. */
function readStoredTypefaces(value: string | undefined): TypefaceStyle {
  if (value === undefined) return DEFAULT_TYPEFACES;
  try {
    return readTypefaces(JSON.parse(value));
  } catch {
    return DEFAULT_TYPEFACES;
  }
}

export function readSettings(db: Database): StoredSettings {
  const rows = new Map(db.prepare('SELECT key, value FROM settings').raw().all() as [string, string][]);
  const language = rows.get('language');
  const idle = Number(rows.get('idle_minutes'));
  return {
    language: isLanguage(language) ? language : DEFAULT_LANGUAGE,
    idleMinutes: Number.isInteger(idle) && idle > 0 ? idle : DEFAULT_IDLE_MINUTES,
    proofreading: readProofreading(rows.get('proofreading')),
    typefaces: readStoredTypefaces(rows.get('typefaces')),
  };
}

export function writeSettings(db: Database, patch: Partial<StoredSettings>): StoredSettings {
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  if (patch.language) set.run('language', patch.language);
  if (patch.idleMinutes !== undefined) set.run('idle_minutes', String(patch.idleMinutes));
  if (patch.proofreading !== undefined) set.run('proofreading', JSON.stringify(patch.proofreading));
  if (patch.typefaces !== undefined) set.run('typefaces', JSON.stringify(patch.typefaces));
  return readSettings(db);
}
