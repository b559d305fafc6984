import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The real page text beside the checkout (../shared/fixtures/pages). */
export const PAGES_DIR = join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'pages');
export const PAGE_FILES = ['jingzhou-2023-11.txt', 'shashi-2024-03.txt', 'shashi-2024-06.txt'] as const;

export function pageText(name: (typeof PAGE_FILES)[number]): string {
  return readFileSync(join(PAGES_DIR, name), 'utf8');
}
