import { useId, useRef, useState } from 'react';
import type { ImportReport } from '../../../shared/api/contract';
import { api, ClientError } from '../api/client';
import { readBase64 } from '../api/files';
import { useT } from '../i18n';
import { undatedFiles, withDating } from '../../../shared/import/report-dating';

interface Progress {
  done: number;
  total: number;
  file: string;
}

/**
 * Import of page-text files from the desk: chosen or dropped, sent one file at a time so the
 * bar shows real progress and Stop takes effect between files (each file is imported whole or
 * not at all), with a report line per file.
 */
export function ImportPanel(props: { onImported(): void }) {
  const { t, i18n } = useT();
  const ids = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const cancelled = useRef(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [reports, setReports] = useState<ImportReport[]>([]);
  const [stopped, setStopped] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [edition, setEdition] = useState('');
  const [page, setPage] = useState('');

  const run = async (files: File[]) => {
    if (!files.length || progress) return;
    cancelled.current = false;
    setStopped(false);
    setReports([]);
    const done: ImportReport[] = [];
    for (const [i, file] of files.entries()) {
      if (cancelled.current) {
        setStopped(true);
        break;
      }
      setProgress({ done: i, total: files.length, file: file.name });
      try {
        const [report] = await api.pages.import({
          files: [{ fileName: file.name, dataBase64: await readBase64(file) }],
          ...(edition ? { editionDate: edition } : {}),
          ...(page ? { page: Number(page) } : {}),
        });
        if (report) done.push(report);
      } catch (error) {
        const message = error instanceof ClientError ? error.message : String(error);
        done.push({ fileName: file.name, ok: false, articleIds: [], duplicate: false, doubtful: 0, error: { code: 'INTERNAL', message } });
      }
      setReports([...done]);
    }
    setProgress(null);
    props.onImported();
  };

  const undated = undatedFiles(reports);

  return (
    <section
      className={`import-panel${dragging ? ' dragging' : ''}`}
      aria-labelledby={`${ids}-title`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void run(Array.from(e.dataTransfer.files));
      }}
    >
      <h2 id={`${ids}-title`} className="visually-hidden">
        {t('desk:import.reportTitle')}
      </h2>
      <label className="file-button">
        {t('desk:import.button')}
        <input
          ref={inputRef}
          type="file"
          accept=".txt,text/plain"
          multiple
          disabled={progress !== null}
          onChange={(e) => {
            const input = e.currentTarget;
            void run(Array.from(input.files ?? [])).finally(() => {
              input.value = '';
            });
          }}
        />
      </label>
      <span className="muted">{dragging ? t('desk:import.drop') : t('desk:import.hint')}</span>
      <label htmlFor={`${ids}-edition`}>{t('desk:import.edition')}</label>
      <input id={`${ids}-edition`} type="date" value={edition} onChange={(e) => setEdition(e.target.value)} />
      <label htmlFor={`${ids}-page`}>{t('desk:import.page')}</label>
      <input
        id={`${ids}-page`}
        type="number"
        min={1}
        max={999}
        className="page-number"
        value={page}
        onChange={(e) => setPage(e.target.value)}
      />
      {progress ? (
        <div className="import-progress">
          <progress max={progress.total} value={progress.done} aria-label={t('desk:import.progress', { ...progress })} />
          <span>{t('desk:import.progress', { ...progress, done: progress.done + 1 })}</span>
          <button type="button" onClick={() => (cancelled.current = true)}>
            {t('desk:import.cancel')}
          </button>
        </div>
      ) : null}
      {reports.length ? (
        <ul className="import-reports" aria-label={t('desk:import.reportTitle')}>
          {reports.map((r, i) => (
            <li key={i} className={r.ok ? 'ok' : 'failed'}>
              {r.ok
                ? r.duplicate
                  ? t('desk:import.duplicate', { file: r.fileName })
                  : withDating(i18n, t('desk:import.done', { file: r.fileName, count: r.articleIds.length, doubtful: r.doubtful }), r)
                : t('desk:import.failed', { file: r.fileName, message: r.error?.message ?? '' })}
            </li>
          ))}
          {undated ? <li className="failed">{t('desk:import.undatedFiles', { count: undated })}</li> : null}
          {stopped ? <li className="failed">{t('desk:import.cancelled')}</li> : null}
        </ul>
      ) : null}
    </section>
  );
}
