import { memo, useId, useState } from 'react';
import type { ApiOutput } from '../../../shared/api/contract';
import type { Edition } from '../../../shared/domain/layout';
import { api } from '../api/client';
import { messageOf } from '../app/errors';
import { useT } from '../i18n';
import { PDFX_LEVELS, type PdfxLevel } from '../../../shared/export/problems';
import { SoftProof } from './SoftProof';

type Report = ApiOutput<'export.page'>;

/**
 * Export of this page or the whole edition into the archive's exports folder, page by page
 * with a progress bar; pages with problems are refused and listed unless the exporter says so.
 */
export const ExportPanel = memo(function ExportPanel(props: { edition: Edition; page: number; onExported?: () => void }) {
  const { t } = useT();
  const id = useId();
  const [force, setForce] = useState(false);
  const [bleed, setBleed] = useState(false);
  const [cropMarks, setCropMarks] = useState(false);
  const [pdf, setPdf] = useState(false);
  const [pdfx, setPdfx] = useState<PdfxLevel | 'none'>('none');
  const [progress, setProgress] = useState<{ done: number; total: number; page: number } | null>(null);
  const [reports, setReports] = useState<Report[]>([]);
  const [error, setError] = useState<string | null>(null);

  const run = async (pages: number[], wholeEdition: boolean) => {
    setReports([]);
    setError(null);
    const done: Report[] = [];
    try {
      for (const [i, page] of pages.entries()) {
        setProgress({ done: i, total: pages.length, page });
        done.push(
          await api.export.page({ date: props.edition.date, page, force, bleed, cropMarks, pdf, ...(pdfx === 'none' ? {} : { pdfx }) }),
        );
        setReports([...done]);
      }
      if (wholeEdition) await api.export.index({ date: props.edition.date });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setProgress(null);
      props.onExported?.();
    }
  };

  const base = (f: string) => f.split(/[\\/]/u).pop();
  const exported = reports.filter((r) => !r.refused).length;
  return (
    <section className="export-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('export:report')}</h2>
      <div className="checks">
        {(
          [
            ['pdf', pdf, setPdf],
            ['bleed', bleed, setBleed],
            ['cropMarks', cropMarks, setCropMarks],
            ['force', force, setForce],
          ] as const
        ).map(([key, value, set]) => (
          <label key={key}>
            <input type="checkbox" checked={value} onChange={(e) => set(e.target.checked)} /> {t(`export:${key}`)}
          </label>
        ))}
        <label>
          {t('export:pdfx')}{' '}
          <select value={pdfx} onChange={(e) => setPdfx(e.target.value as PdfxLevel | 'none')}>
            {(['none', ...PDFX_LEVELS] as const).map((level) => (
              <option key={level} value={level}>
                {t(`export:pdfxLevels.${level}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="actions">
        <button type="button" disabled={progress !== null} onClick={() => void run([props.page], false)}>
          {t('export:exportPage')}
        </button>
        <button
          type="button"
          disabled={progress !== null}
          onClick={() =>
            void run(
              props.edition.pages.map((p) => p.number),
              true,
            )
          }
        >
          {t('export:exportEdition')}
        </button>
      </div>
      {progress ? (
        <>
          <progress aria-label={t('export:progress')} max={progress.total} value={progress.done} />
          <p role="status">{t('export:exporting', { number: progress.page, done: progress.done + 1, total: progress.total })}</p>
        </>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {reports.length && !progress ? (
        <p role="status" data-testid="export-done">
          {t('export:done', { count: exported, folder: reports[0]!.folder })}
        </p>
      ) : null}
      <ul className="export-reports" data-testid="export-reports">
        {reports.map((r) => (
          <li key={r.number} className={r.refused ? 'refused' : undefined}>
            {r.refused
              ? t('export:refused', { number: r.number })
              : r.problems.length
                ? t('export:exportedWithProblems', { number: r.number })
                : t('export:exported', { number: r.number, files: r.files.map(base).join('、') })}
            {r.problems.length ? (
              <ul>
                {r.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : null}
            {r.warnings.length ? (
              <ul className="export-warnings" aria-label={t('export:warnings', { number: r.number })}>
                {r.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      <SoftProof date={props.edition.date} page={props.page} level={pdfx === 'none' ? '4' : pdfx} />
    </section>
  );
});
