import { memo, useEffect, useId, useRef, useState } from 'react';
import type { PageTemplate } from '../../../shared/api/contract';
import { PAGE_PRESETS, type Edition, type Page, type PagePreset } from '../../../shared/domain/layout';
import { api, ClientError } from '../api/client';
import { emitCommand } from '../app/commands';
import { messageOf } from '../app/errors';
import { hashOf, navigate, useRoute, type Route } from '../app/route';
import { useT } from '../i18n';
import { pageAfterMove } from './edition-moves';

const PRESETS = Object.keys(PAGE_PRESETS) as PagePreset[];

/**
 * What the panel last did, said once more after the desk it lives in opened again on another
 * page (the layout desk is made anew for each page, and this panel with it).
 */
let carriedNote: string | null = null;
function carry(note: string | null): void {
  carriedNote = note;
}
/** The note carried over, once. */
function takeCarried(): string | null {
  const note = carriedNote;
  carriedNote = null;
  return note;
}

/** Goes to `route`; already there, the desk reads its editions and page again instead. */
function go(route: Route): void {
  if (hashOf(route) === window.location.hash) emitCommand('refresh');
  else navigate(route);
}

type Editing = { kind: 'edition'; date: string } | { kind: 'page'; date: string; number: number } | null;
/** A deletion waiting for its confirmation, with how many stories it takes off the pages. */
type Confirming =
  { kind: 'edition'; edition: Edition; stories: number } | { kind: 'page'; date: string; page: Page; stories: number } | null;

const storiesOn = (pages: readonly Page[]) => pages.reduce((n, p) => n + p.placements.length, 0);

/**
 * Editions and their pages, and everything done to them as a whole: a new edition, a page for
 * any edition (the first of an empty one too), renaming, renumbering, moving and deleting. A
 * deletion asks first, naming the stories it takes off the pages (never deleted).
 */
export const EditionsPanel = memo(function EditionsPanel(props: {
  editions: Edition[] | null;
  current: { date: string; page: number } | null;
  onChanged: (date?: string, page?: number) => void;
  onError: (message: string) => void;
}) {
  const { t } = useT();
  const ids = useId();
  const route = useRoute();
  const [date, setDate] = useState('');
  const [number, setNumber] = useState('');
  const [total, setTotal] = useState('');
  const [paper, setPaper] = useState(props.editions?.[0]?.paper ?? '');
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [done, setShownDone] = useState<string | null>(takeCarried);
  /** Says what was done; `carry` when the desk is about to open again elsewhere. */
  const setDone = (note: string | null, carryOver = false) => {
    carry(carryOver ? note : null);
    setShownDone(note);
  };
  const currentDate = props.current?.date;
  // The edition in view: the one whose page is open, else the one the address names (an
  // edition with no page yet), else the newest, as the layout desk opens it.
  const selectedDate = currentDate ?? (route.view === 'layout' ? route.date : undefined) ?? props.editions?.[0]?.date;

  const attempt = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (e) {
      props.onError(messageOf(e));
    }
  };

  const createEdition = () =>
    attempt(async () => {
      const e = await api.layout.createEdition({
        date,
        number: Number(number),
        totalNumber: Number(total),
        paper: paper || (props.editions?.[0]?.paper ?? ''),
      });
      setDate('');
      setNumber('');
      setTotal('');
      setDone(t('layout:manage.editionCreated', { date: e.date }), true);
      props.onChanged(e.date);
      navigate({ view: 'layout', date: e.date });
    });

  const movePage = (d: string, from: number, to: number) =>
    attempt(async () => {
      await api.layout.movePage({ date: d, number: from, to });
      props.onChanged();
      const shown = props.current;
      if (shown?.date === d) go({ view: 'layout', date: d, page: pageAfterMove(shown.page, from, to) });
    });

  /** Deletes what waits for confirmation; `force` once the desk has said how many stories go. */
  const remove = (what: NonNullable<Confirming>, force: boolean) =>
    attempt(async () => {
      try {
        if (what.kind === 'page') {
          const { edition, unplaced } = await api.layout.removePage({ date: what.date, number: what.page.number, force });
          const shown = props.current?.date === what.date && props.current.page === what.page.number;
          setDone(t('layout:manage.pageRemoved', { date: what.date, number: what.page.number, count: unplaced.length }), shown);
          setConfirming(null);
          props.onChanged();
          if (shown) {
            // The desk shows the page after it, else the last one left, else the edition's empty state.
            const next = edition.pages.find((p) => p.number > what.page.number) ?? edition.pages.at(-1);
            go(next ? { view: 'layout', date: what.date, page: next.number } : { view: 'layout', date: what.date });
          }
        } else {
          const { unplaced } = await api.layout.removeEdition({ date: what.edition.date, force });
          const shown = selectedDate === what.edition.date;
          setDone(t('layout:manage.editionRemoved', { date: what.edition.date, count: unplaced.length }), shown);
          setConfirming(null);
          props.onChanged();
          if (shown) go({ view: 'layout' });
        }
      } catch (e) {
        // Someone placed a story meanwhile: say how many, and ask again.
        if (e instanceof ClientError && (e.code === 'PAGE_HAS_STORIES' || e.code === 'EDITION_HAS_STORIES')) {
          setConfirming({ ...what, stories: Number(e.params?.count ?? 0) });
          return;
        }
        throw e;
      }
    });

  return (
    <>
      <section aria-labelledby={`${ids}-editions`}>
        <h2 id={`${ids}-editions`}>{t('layout:editions')}</h2>
        {done ? (
          <p className="muted" role="status">
            {done}
          </p>
        ) : null}
        {props.editions && !props.editions.length ? <p className="muted">{t('layout:noEditions')}</p> : null}
        <ul className="edition-list">
          {props.editions?.map((e) => (
            <li key={e.date}>
              <div className={e.date === selectedDate ? 'current' : undefined}>
                {t('layout:editionTitle', { date: e.date, number: e.number, total: e.totalNumber, paper: e.paper })}
              </div>
              <div className="edition-actions">
                <a
                  href={hashOf({ view: 'plan', date: e.date })}
                  aria-label={t('layout:manage.planOf', { date: e.date })}
                  onClick={(ev) => {
                    ev.preventDefault();
                    navigate({ view: 'plan', date: e.date });
                  }}
                >
                  {t('layout:plan.title')}
                </a>
                <button
                  type="button"
                  className="link"
                  aria-label={t('layout:manage.editEdition', { date: e.date })}
                  aria-expanded={editing?.kind === 'edition' && editing.date === e.date}
                  onClick={() =>
                    setEditing(editing?.kind === 'edition' && editing.date === e.date ? null : { kind: 'edition', date: e.date })
                  }
                >
                  {t('layout:manage.edit')}
                </button>
                <button
                  type="button"
                  className="link danger"
                  aria-label={t('layout:manage.removeEdition', { date: e.date })}
                  onClick={() => setConfirming({ kind: 'edition', edition: e, stories: storiesOn(e.pages) })}
                >
                  {t('layout:manage.remove')}
                </button>
              </div>
              {editing?.kind === 'edition' && editing.date === e.date ? (
                <EditionForm
                  edition={e}
                  onCancel={() => setEditing(null)}
                  onSaved={(saved) => {
                    setEditing(null);
                    props.onChanged();
                    if (saved.date !== e.date && selectedDate === e.date)
                      go({ view: 'layout', date: saved.date, ...(props.current ? { page: props.current.page } : {}) });
                    else if (selectedDate === e.date) emitCommand('refresh');
                  }}
                  onError={props.onError}
                />
              ) : null}
              {confirming?.kind === 'edition' && confirming.edition.date === e.date ? (
                <ConfirmRemoval
                  title={t('layout:manage.confirmRemoveEdition', { date: e.date, count: e.pages.length })}
                  message={
                    confirming.stories
                      ? t('layout:manage.storiesUnplaced', { count: confirming.stories })
                      : t('layout:manage.noStoriesToUnplace')
                  }
                  onConfirm={() => void remove(confirming, confirming.stories > 0)}
                  onCancel={() => setConfirming(null)}
                />
              ) : null}
              <ul>
                {e.pages.map((p, i) => {
                  const label = t('layout:pageTitle', { number: p.number, section: p.section }).trim();
                  const editingThis = editing?.kind === 'page' && editing.date === e.date && editing.number === p.number;
                  const previous = e.pages[i - 1];
                  const next = e.pages[i + 1];
                  return (
                    <li key={p.number}>
                      <div className="page-row">
                        <a
                          href={`#/layout/${e.date}/${p.number}`}
                          aria-label={`${e.date} ${t('layout:openPage', { number: p.number })}`}
                          aria-current={e.date === currentDate && p.number === props.current?.page ? 'page' : undefined}
                          onClick={(ev) => {
                            ev.preventDefault();
                            navigate({ view: 'layout', date: e.date, page: p.number });
                          }}
                        >
                          {label}
                        </a>
                        <span className="page-actions">
                          <button
                            type="button"
                            className="link"
                            aria-label={t('layout:manage.editPage', { date: e.date, number: p.number })}
                            aria-expanded={editingThis}
                            onClick={() => setEditing(editingThis ? null : { kind: 'page', date: e.date, number: p.number })}
                          >
                            {t('layout:manage.edit')}
                          </button>
                          <button
                            type="button"
                            className="link"
                            disabled={!previous}
                            aria-label={t('layout:manage.moveUpPage', { date: e.date, number: p.number })}
                            onClick={() => previous && void movePage(e.date, p.number, previous.number)}
                          >
                            {t('layout:manage.moveUp')}
                          </button>
                          <button
                            type="button"
                            className="link"
                            disabled={!next}
                            aria-label={t('layout:manage.moveDownPage', { date: e.date, number: p.number })}
                            onClick={() => next && void movePage(e.date, p.number, next.number)}
                          >
                            {t('layout:manage.moveDown')}
                          </button>
                          <button
                            type="button"
                            className="link danger"
                            aria-label={t('layout:manage.removePage', { date: e.date, number: p.number })}
                            onClick={() => setConfirming({ kind: 'page', date: e.date, page: p, stories: p.placements.length })}
                          >
                            {t('layout:manage.remove')}
                          </button>
                        </span>
                      </div>
                      {editingThis ? (
                        <PageForm
                          date={e.date}
                          page={p}
                          onCancel={() => setEditing(null)}
                          onSaved={(saved) => {
                            setEditing(null);
                            props.onChanged();
                            if (props.current?.date === e.date && props.current.page === p.number)
                              go({ view: 'layout', date: e.date, page: saved.number });
                          }}
                          onError={props.onError}
                        />
                      ) : null}
                      {confirming?.kind === 'page' && confirming.date === e.date && confirming.page.number === p.number ? (
                        <ConfirmRemoval
                          title={t('layout:manage.confirmRemovePage', { date: e.date, number: p.number })}
                          message={
                            confirming.stories
                              ? t('layout:manage.storiesUnplaced', { count: confirming.stories })
                              : t('layout:manage.noStoriesToUnplace')
                          }
                          onConfirm={() => void remove(confirming, confirming.stories > 0)}
                          onCancel={() => setConfirming(null)}
                        />
                      ) : null}
                    </li>
                  );
                })}
              </ul>
              {!e.pages.length ? <p className="muted">{t('layout:manage.noPages')}</p> : null}
              {/* Every edition takes a page here, an empty one its first: open where it is the one in view. */}
              <details open={e.date === selectedDate && !e.pages.length}>
                <summary>{t('layout:manage.addPageTo', { date: e.date })}</summary>
                <AddPageForm
                  edition={e}
                  onAdded={(n) => {
                    setDone(null);
                    props.onChanged(e.date, n);
                  }}
                  onError={props.onError}
                />
              </details>
            </li>
          ))}
        </ul>
      </section>
      <details>
        <summary>{t('layout:newEdition')}</summary>
        <form
          className="stack"
          aria-label={t('layout:newEdition')}
          onSubmit={(e) => {
            e.preventDefault();
            void createEdition();
          }}
        >
          <EditionFields
            ids={ids}
            fields={{ date, number, total, paper }}
            set={{ date: setDate, number: setNumber, total: setTotal, paper: setPaper }}
          />
          <button type="submit">{t('layout:createEdition')}</button>
        </form>
      </details>
    </>
  );
});

/** A new page for one edition: the next free number offered. */
function AddPageForm(props: { edition: Edition; onAdded: (number: number) => void; onError: (message: string) => void }) {
  const { t } = useT();
  const ids = useId();
  const nextNumber = Math.max(0, ...props.edition.pages.map((p) => p.number)) + 1;
  const [pageNumber, setPageNumber] = useState(String(nextNumber));
  const [section, setSection] = useState('');
  const [editor, setEditor] = useState('');
  const [preset, setPreset] = useState<PagePreset>(
    (Object.entries(PAGE_PRESETS).find(([, g]) => g.columns === props.edition.pages[0]?.geometry.columns)?.[0] as PagePreset) ??
      'broadsheet',
  );
  // The house's page templates (版式模板): a new page may start from one instead of a preset.
  const [templates, setTemplates] = useState<PageTemplate[]>([]);
  const [template, setTemplate] = useState('');
  useEffect(() => {
    let live = true;
    api.layout.templates({}).then(
      (list) => live && setTemplates(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  // A page added elsewhere (or here) moves the offer on.
  const [offered, setOffered] = useState(nextNumber);
  if (offered !== nextNumber) {
    setOffered(nextNumber);
    setPageNumber(String(nextNumber));
  }

  const add = async () => {
    try {
      const p = await api.layout.addPage({
        date: props.edition.date,
        number: Number(pageNumber),
        section,
        editor,
        ...(template ? { template } : { preset }),
      });
      setSection('');
      setEditor('');
      props.onAdded(p.page.number);
    } catch (e) {
      props.onError(messageOf(e));
    }
  };

  return (
    <form
      className="stack"
      aria-label={t('layout:manage.addPageTo', { date: props.edition.date })}
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <div className="field">
        <label htmlFor={`${ids}-page`}>{t('layout:pageNumber')}</label>
        <input
          id={`${ids}-page`}
          type="number"
          min={1}
          max={200}
          required
          value={pageNumber}
          onChange={(e) => setPageNumber(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-section`}>{t('layout:section')}</label>
        <input id={`${ids}-section`} maxLength={40} value={section} onChange={(e) => setSection(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-editor`}>{t('layout:editorInCharge')}</label>
        <input id={`${ids}-editor`} maxLength={40} value={editor} onChange={(e) => setEditor(e.target.value)} />
      </div>
      {templates.length ? (
        <div className="field">
          <label htmlFor={`${ids}-template`}>{t('layout:template.label')}</label>
          <select id={`${ids}-template`} value={template} onChange={(e) => setTemplate(e.target.value)}>
            <option value="">{t('layout:template.none')}</option>
            {templates.map((tpl) => (
              <option key={tpl.name} value={tpl.name}>
                {tpl.section ? t('layout:template.option', { name: tpl.name, section: tpl.section }) : tpl.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${ids}-preset`}>{t('layout:preset')}</label>
        <select id={`${ids}-preset`} value={preset} disabled={template !== ''} onChange={(e) => setPreset(e.target.value as PagePreset)}>
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`layout:presets.${p}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">{t('layout:addPage')}</button>
    </form>
  );
}

/** An edition's date, numbers and paper, changed. */
function EditionForm(props: {
  edition: Edition;
  onSaved: (edition: Edition) => void;
  onCancel: () => void;
  onError: (message: string) => void;
}) {
  const { t } = useT();
  const ids = useId();
  const e = props.edition;
  const [date, setDate] = useState(e.date);
  const [number, setNumber] = useState(String(e.number));
  const [total, setTotal] = useState(String(e.totalNumber));
  const [paper, setPaper] = useState(e.paper);

  const save = async () => {
    try {
      const saved = await api.layout.updateEdition({
        date: e.date,
        ...(date !== e.date ? { newDate: date } : {}),
        number: Number(number),
        totalNumber: Number(total),
        paper,
      });
      props.onSaved(saved);
    } catch (error) {
      props.onError(messageOf(error));
    }
  };

  return (
    <form
      className="stack"
      aria-label={t('layout:manage.editEdition', { date: e.date })}
      onSubmit={(ev) => {
        ev.preventDefault();
        void save();
      }}
    >
      <EditionFields
        ids={ids}
        fields={{ date, number, total, paper }}
        set={{ date: setDate, number: setNumber, total: setTotal, paper: setPaper }}
      />
      <div className="actions">
        <button type="submit">{t('layout:manage.save')}</button>
        <button type="button" onClick={props.onCancel}>
          {t('layout:manage.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A page's number, name and editor, changed; a new number must be free (the up and down buttons move pages past each other). */
function PageForm(props: {
  date: string;
  page: Page;
  onSaved: (page: Page) => void;
  onCancel: () => void;
  onError: (message: string) => void;
}) {
  const { t } = useT();
  const ids = useId();
  const p = props.page;
  const [number, setNumber] = useState(String(p.number));
  const [section, setSection] = useState(p.section);
  const [editor, setEditor] = useState(p.editor);
  const [templateName, setTemplateName] = useState('');
  const [savedAs, setSavedAs] = useState<string | null>(null);

  /** This page's grid and 版名 kept as a template, named as typed (or after the 版名). */
  const saveTemplate = async () => {
    try {
      const saved = await api.layout.saveTemplate({ name: templateName.trim() || p.section, date: props.date, page: p.number });
      setSavedAs(saved.name);
    } catch (error) {
      props.onError(messageOf(error));
    }
  };

  const save = async () => {
    try {
      const saved = await api.layout.updatePage({
        date: props.date,
        number: p.number,
        section,
        editor,
        ...(Number(number) !== p.number ? { newNumber: Number(number) } : {}),
      });
      props.onSaved(saved.page);
    } catch (error) {
      props.onError(messageOf(error));
    }
  };

  return (
    <form
      className="stack"
      aria-label={t('layout:manage.editPage', { date: props.date, number: p.number })}
      onSubmit={(ev) => {
        ev.preventDefault();
        void save();
      }}
    >
      <div className="field">
        <label htmlFor={`${ids}-number`}>{t('layout:pageNumber')}</label>
        <input id={`${ids}-number`} type="number" min={1} max={200} required value={number} onChange={(ev) => setNumber(ev.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-section`}>{t('layout:section')}</label>
        <input id={`${ids}-section`} maxLength={40} value={section} onChange={(ev) => setSection(ev.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-editor`}>{t('layout:editorInCharge')}</label>
        <input id={`${ids}-editor`} maxLength={40} value={editor} onChange={(ev) => setEditor(ev.target.value)} />
      </div>
      <div className="actions">
        <button type="submit">{t('layout:manage.save')}</button>
        <button type="button" onClick={props.onCancel}>
          {t('layout:manage.cancel')}
        </button>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-template`}>{t('layout:template.name')}</label>
        <input
          id={`${ids}-template`}
          maxLength={40}
          value={templateName}
          placeholder={p.section}
          onChange={(ev) => setTemplateName(ev.target.value)}
        />
      </div>
      <button type="button" disabled={!(templateName.trim() || p.section)} onClick={() => void saveTemplate()}>
        {t('layout:template.save')}
      </button>
      {savedAs ? <p role="status">{t('layout:template.saved', { name: savedAs })}</p> : null}
    </form>
  );
}

/** Asks before a deletion, saying what it does to the stories; the confirming button takes the focus. */
function ConfirmRemoval(props: { title: string; message: string; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useT();
  const ids = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div
      className="confirm-removal"
      role="alertdialog"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-message`}
      onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}
    >
      <p id={`${ids}-title`}>
        <strong>{props.title}</strong>
      </p>
      <p id={`${ids}-message`}>{props.message}</p>
      <div className="actions">
        <button type="button" ref={confirm} className="danger" onClick={props.onConfirm}>
          {t('layout:manage.confirmRemove')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('layout:manage.cancel')}
        </button>
      </div>
    </div>
  );
}

type EditionField = 'date' | 'number' | 'total' | 'paper';

/** An edition's date, 期号, 总期号 and paper name: the same four fields to create one and to edit one. */
function EditionFields(props: { ids: string; fields: Record<EditionField, string>; set: Record<EditionField, (value: string) => void> }) {
  const { t } = useT();
  const { ids, fields, set } = props;
  return (
    <>
      <div className="field">
        <label htmlFor={`${ids}-date`}>{t('layout:editionDate')}</label>
        <input id={`${ids}-date`} type="date" required value={fields.date} onChange={(e) => set.date(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-number`}>{t('layout:editionNumber')}</label>
        <input id={`${ids}-number`} type="number" min={1} required value={fields.number} onChange={(e) => set.number(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-total`}>{t('layout:totalNumber')}</label>
        <input id={`${ids}-total`} type="number" min={1} required value={fields.total} onChange={(e) => set.total(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-paper`}>{t('layout:paperName')}</label>
        <input id={`${ids}-paper`} required maxLength={40} value={fields.paper} onChange={(e) => set.paper(e.target.value)} />
      </div>
    </>
  );
}
