import { useId, useState } from 'react';
import { PAGE_PRESETS, type Edition, type PagePreset } from '../../../shared/domain/layout';
import { api } from '../api/client';
import { messageOf } from '../app/errors';
import { navigate } from '../app/route';
import { useT } from '../i18n';

const PRESETS = Object.keys(PAGE_PRESETS) as PagePreset[];

/** Editions and their pages; a new edition; a new page. */
export function EditionsPanel(props: {
  editions: Edition[] | null;
  current: { date: string; page: number } | null;
  onChanged(date?: string, page?: number): void;
  onError(message: string): void;
}) {
  const { t } = useT();
  const ids = useId();
  const [date, setDate] = useState('');
  const [number, setNumber] = useState('');
  const [total, setTotal] = useState('');
  const [paper, setPaper] = useState(props.editions?.[0]?.paper ?? '');
  const [pageNumber, setPageNumber] = useState('');
  const [section, setSection] = useState('');
  const [editor, setEditor] = useState('');
  const [preset, setPreset] = useState<PagePreset>('broadsheet');
  const currentDate = props.current?.date;

  const createEdition = async () => {
    try {
      const e = await api.layout.createEdition({
        date,
        number: Number(number),
        totalNumber: Number(total),
        paper: paper || (props.editions?.[0]?.paper ?? ''),
      });
      setDate('');
      setNumber('');
      setTotal('');
      props.onChanged(e.date);
      navigate({ view: 'layout', date: e.date });
    } catch (e) {
      props.onError(messageOf(e));
    }
  };

  const addPage = async () => {
    if (!currentDate) return;
    try {
      const p = await api.layout.addPage({ date: currentDate, number: Number(pageNumber), section, editor, preset });
      setPageNumber('');
      setSection('');
      props.onChanged(currentDate, p.page.number);
    } catch (e) {
      props.onError(messageOf(e));
    }
  };

  return (
    <>
      <section aria-labelledby={`${ids}-editions`}>
        <h2 id={`${ids}-editions`}>{t('layout:editions')}</h2>
        {props.editions && !props.editions.length ? <p className="muted">{t('layout:noEditions')}</p> : null}
        <ul className="edition-list">
          {props.editions?.map((e) => (
            <li key={e.date}>
              <div className={e.date === currentDate ? 'current' : undefined}>
                {t('layout:editionTitle', { date: e.date, number: e.number, total: e.totalNumber, paper: e.paper })}
              </div>
              <ul>
                {e.pages.map((p) => (
                  <li key={p.number}>
                    <a
                      href={`#/layout/${e.date}/${p.number}`}
                      aria-label={`${e.date} ${t('layout:openPage', { number: p.number })}`}
                      aria-current={e.date === currentDate && p.number === props.current?.page ? 'page' : undefined}
                      onClick={(ev) => {
                        ev.preventDefault();
                        navigate({ view: 'layout', date: e.date, page: p.number });
                      }}
                    >
                      {t('layout:pageTitle', { number: p.number, section: p.section })}
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
      <details>
        <summary>{t('layout:newEdition')}</summary>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void createEdition();
          }}
        >
          <div className="field">
            <label htmlFor={`${ids}-date`}>{t('layout:editionDate')}</label>
            <input id={`${ids}-date`} type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-number`}>{t('layout:editionNumber')}</label>
            <input id={`${ids}-number`} type="number" min={1} required value={number} onChange={(e) => setNumber(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-total`}>{t('layout:totalNumber')}</label>
            <input id={`${ids}-total`} type="number" min={1} required value={total} onChange={(e) => setTotal(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-paper`}>{t('layout:paperName')}</label>
            <input id={`${ids}-paper`} required value={paper} onChange={(e) => setPaper(e.target.value)} />
          </div>
          <button type="submit">{t('layout:createEdition')}</button>
        </form>
      </details>
      {currentDate ? (
        <details>
          <summary>{t('layout:newPage')}</summary>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void addPage();
            }}
          >
            <div className="field">
              <label htmlFor={`${ids}-page`}>{t('layout:pageNumber')}</label>
              <input id={`${ids}-page`} type="number" min={1} required value={pageNumber} onChange={(e) => setPageNumber(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-section`}>{t('layout:section')}</label>
              <input id={`${ids}-section`} value={section} onChange={(e) => setSection(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-editor`}>{t('layout:editorInCharge')}</label>
              <input id={`${ids}-editor`} value={editor} onChange={(e) => setEditor(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-preset`}>{t('layout:preset')}</label>
              <select id={`${ids}-preset`} value={preset} onChange={(e) => setPreset(e.target.value as PagePreset)}>
                {PRESETS.map((p) => (
                  <option key={p} value={p}>
                    {t(`layout:presets.${p}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{t('layout:addPage')}</button>
          </form>
        </details>
      ) : null}
    </>
  );
}
