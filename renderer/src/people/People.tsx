import { useEffect, useId, useState } from 'react';
import type { ContributorRow } from '../../../shared/api/contract';
import { contributorsCsv } from '../../../shared/domain/contributors-csv';
import { errorMessage } from '../../../shared/i18n/setup';
import { api, ClientError } from '../api/client';
import { formatNumber } from '../app/format';
import { i18n, useT } from '../i18n';

const COLUMNS = ['name', 'outlet', 'role', 'month', 'articles', 'chars', 'photos'] as const;

/** Contributor figures per person, role and month — what the desk pays and assesses by. */
export function People() {
  const { t, i18n: page } = useT();
  const ids = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [person, setPerson] = useState('');
  const [rows, setRows] = useState<ContributorRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

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
    const header = COLUMNS.map((c) => t(`people:columns.${c}`));
    const blob = new Blob([contributorsCsv(rows, header)], { type: 'text/csv;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `banmian-contributors${from ? `-${from}` : ''}${to ? `-${to}` : ''}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
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
      </header>
      <p className="muted">{t('people:note')}</p>
      {error ? (
        <p role="alert" className="error">
          {error}
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
                <td>{r.month}</td>
                <td>{r.name}</td>
                <td>{r.outlet}</td>
                <td>{t(`common:roles.${r.role}`)}</td>
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
