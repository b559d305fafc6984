import type { i18n } from 'i18next';
import type { Edition } from '../domain/layout';

const escapeHtml = (s: string) => s.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);
const baseName = (path: string) => path.split(/[\\/]/u).pop() ?? path;

/** The index page of an exported edition: every page, its files, and what was wrong with it. No script. */
export function editionIndexHtml(
  i18n: Pick<i18n, 't'>,
  edition: Edition,
  reports: readonly { number: number; section: string; refused: boolean; files: string[]; problems: string[] }[],
): string {
  const title = i18n.t('export:indexTitle', { paper: edition.paper, date: edition.date, number: edition.number });
  const rows = reports
    .map((r) => {
      const links = r.files.map((f) => `<a href="${encodeURI(baseName(f))}">${escapeHtml(baseName(f))}</a>`).join(' · ');
      const problems = r.problems.length ? `<ul>${r.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` : '';
      const state = r.refused ? `<p>${escapeHtml(i18n.t('export:refused', { number: r.number }))}</p>` : '';
      return `<li><h2>${escapeHtml(i18n.t('export:page', { number: r.number, section: r.section }))}</h2>${links}${state}${problems}</li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;margin:2rem;max-width:50rem}li{margin-bottom:1rem}h2{font-size:1.1rem;margin:0 0 .3rem}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<ol>
${rows}
</ol>
</body>
</html>
`;
}
