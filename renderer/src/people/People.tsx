import { useEffect, useId, useState } from 'react';
import type { ContributorRow } from '../../../shared/api/contract';
import { AUDIT_PAGE, auditCsv, auditTrail, monthDays } from '../../../shared/domain/audit-csv';
import { contributorMonth, contributorRole, contributorsCsv } from '../../../shared/domain/contributors-csv';
import { errorMessage } from '../../../shared/i18n/setup';
import { api, ClientError } from '../api/client';
import { formatNumber } from '../app/format';
import { i18n, useT } from '../i18n';

function download(csv: string, fileName: string): void {
  const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Contributor figures per person, role and month — what the desk pays and assesses by. */
export function People() {
  const { t, i18n: page } = useT();
  const ids = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [person, setPerson] = useState('');
  const [rows, setRows] = useState<ContributorRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [auditBusy, setAuditBusy] = useState(false);
  const [auditDone, setAuditDone] = useState<string | null>(null);
  const [auditError, setAuditError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.people
        .stats({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...(person.trim() ? { person: person.trim() } : {}) })
        .then((r) => {
          if (!live) return;
          setRows(r);
          setError(null);
        })
        .catch((e: unknown) => {
          if (live) setError(e instanceof ClientError ? errorMessage(i18n, e.code, e.params) : String(e));
        });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [from, to, person]);

  const exportCsv = () => {
    if (!rows) return;
    download(contributorsCsv(i18n, rows), `banmian-contributors${from ? `-${from}` : ''}${to ? `-${to}` : ''}.csv`);
  };

  /** The audit trail of the same months, in the command line's CSV format (banmian audit --csv). */
  const exportAudit = async () => {
    setAuditBusy(true);
    setAuditDone(null);
    setAuditError(null);
    try {
      const { entries, complete } = await auditTrail((query) => api.audit.list(query), monthDays(from, to));
      download(auditCsv(i18n, entries), `banmian-audit${from ? `-${from}` : ''}${to ? `-${to}` : ''}.csv`);
      const rows = formatNumber(entries.length, page.language);
      setAuditDone(
        complete
          ? t('people:auditExported', { rows })
          : t('people:auditIncomplete', { rows, page: formatNumber(AUDIT_PAGE, page.language) }),
      );
    } catch (e) {
      setAuditError(e instanceof ClientError ? errorMessage(i18n, e.code, e.params) : String(e));
    } finally {
      setAuditBusy(false);
    }
  };

  return (
    <section className="people" aria-labelledby={`${ids}-title`}>
      <header className="desk-header">
        <h1 id={`${ids}-title`}>{t('people:title')}</h1>
        <div className="field inline">
          <label htmlFor={`${ids}-from`}>{t('people:from')}</label>
          <input id={`${ids}-from`} type="month" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor={`${ids}-to`}>{t('people:to')}</label>
          <input id={`${ids}-to`} type="month" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor={`${ids}-person`}>{t('people:person')}</label>
          <input id={`${ids}-person`} value={person} maxLength={100} onChange={(e) => setPerson(e.target.value)} />
        </div>
        <button type="button" className="primary" disabled={!rows?.length} onClick={exportCsv}>
          {t('people:export')}
        </button>
        <button type="button" disabled={auditBusy} aria-describedby={`${ids}-audit-hint`} onClick={() => void exportAudit()}>
          {t('people:exportAudit')}
        </button>
      </header>
      <p className="muted">{t('people:note')}</p>
      <p className="muted" id={`${ids}-audit-hint`}>
        {t('people:auditHint')}
      </p>
      <p role="status" data-testid="audit-done">
        {auditDone}
      </p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {auditError ? (
        <p role="alert" className="error">
          {auditError}
        </p>
      ) : null}
      {rows?.length === 0 ? <p className="muted">{t('people:empty')}</p> : null}
      {rows?.length ? (
        <table className="article-table">
          <thead>
            <tr>
              {(['month', 'name', 'outlet', 'role'] as const).map((c) => (
                <th key={c} scope="col">
                  {t(`people:columns.${c}`)}
                </th>
              ))}
              {(['articles', 'chars', 'photos'] as const).map((c) => (
                <th key={c} scope="col" className="num">
                  {t(`people:columns.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>{contributorMonth(i18n, r.month)}</td>
                <td>{r.name}</td>
                <td>{r.outlet}</td>
                <td>{contributorRole(i18n, r.role)}</td>
                <td className="num">{formatNumber(r.articles, page.language)}</td>
                <td className="num">{formatNumber(r.chars, page.language)}</td>
                <td className="num">{formatNumber(r.photos, page.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
