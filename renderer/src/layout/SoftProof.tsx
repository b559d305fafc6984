import { useId, useState } from 'react';
import type { ApiOutput } from '../../../shared/api/contract';
import type { PdfxLevel } from '../../../shared/export/problems';
import { api } from '../api/client';
import { messageOf } from '../app/errors';
import { useT } from '../i18n';

type Proof = ApiOutput<'export.proof'>;
type View = 'composite' | Proof['inks'][number]['ink'];

/**
 * The page as the press will print it: its PDF/X drawn by Ghostscript through the newsprint
 * profile (paper tone, ink and overprint simulated), and each ink's plate on its own, so that
 * black text can be seen on the black plate alone and a photo's inks where they fall.
 */
export function SoftProof(props: { date: string; page: number; level: PdfxLevel }) {
  const { t } = useT();
  const id = useId();
  const [proof, setProof] = useState<(Proof & { page: number }) | null>(null);
  const [view, setView] = useState<View>('composite');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const make = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.export.proof({ date: props.date, page: props.page, pdfx: props.level });
      setProof({ ...result, page: props.page });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const shown = proof && proof.page === props.page ? proof : null;
  const label = (v: View) => (v === 'composite' ? t('export:proof.composite') : t(`export:proof.ink.${v}`));
  const image = shown ? (view === 'composite' ? shown.composite : shown.inks.find((i) => i.ink === view)?.image) : undefined;
  return (
    <section className="soft-proof" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('export:proof.title')}</h3>
      <button type="button" disabled={busy} onClick={() => void make()}>
        {t('export:proof.make', { number: props.page })}
      </button>
      {busy ? <p role="status">{t('export:proof.making')}</p> : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {shown ? (
        <>
          <fieldset className="proof-views">
            <legend>{t('export:proof.view')}</legend>
            {(['composite', ...shown.inks.map((i) => i.ink)] as View[]).map((v) => {
              const ink = shown.inks.find((i) => i.ink === v);
              return (
                <label key={v}>
                  <input type="radio" name={`${id}-view`} value={v} checked={view === v} onChange={() => setView(v)} />{' '}
                  {ink ? t('export:proof.coverage', { ink: label(v), coverage: ink.coverage }) : label(v)}
                </label>
              );
            })}
          </fieldset>
          <p data-testid="proof-max-ink">{t('export:proof.maxInk', { max: shown.maxInk, limit: shown.limit })}</p>
          {shown.problems.length ? (
            <ul className="export-reports" aria-label={t('export:proof.problems')}>
              {shown.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
          <figure>
            <img
              className="proof-image"
              src={image}
              width={shown.width}
              height={shown.height}
              alt={t('export:proof.alt', { number: shown.page, view: label(view) })}
            />
            <figcaption>{t('export:proof.how', { dpi: shown.dpi })}</figcaption>
          </figure>
        </>
      ) : null}
    </section>
  );
}
