import { Fragment, memo, useEffect, useId, useState, useSyncExternalStore } from 'react';
import { hasPermission } from '../../../shared/domain/permissions';
import { errorMessage } from '../../../shared/i18n/setup';
import { DEFAULT_TYPEFACES, LINE_ROLES, TYPEFACES, isTypeface, type TypefaceStyle } from '../../../shared/typeset/typefaces';
import { ClientError, api } from '../api/client';
import { session } from '../app/session';
import { i18n, useT } from '../i18n';
import { familyOf } from './page-fonts';

/** One row a role: its name, its face, bold or not. */
const GRID = { display: 'grid', gridTemplateColumns: 'auto 1fr auto', gap: '0.35rem 0.5rem', alignItems: 'center' } as const;

/**
 * The house's typefaces (字体): the face of each part of a story and whether it is bold, for
 * every page of the paper. Layout staff, a chief editor or an administrator change it; the page
 * is set again in the new faces once it is saved, and the export prints what the page shows.
 */
export const TypefacesPanel = memo(function TypefacesPanel(props: { onSaved(): void }) {
  const { t } = useT();
  const id = useId();
  const account = useSyncExternalStore(session.subscribe, session.getSnapshot).state;
  const mayChange = account.kind === 'signed-in' && hasPermission(account.account, 'house-style');
  const [saved, setSaved] = useState<TypefaceStyle | null>(null);
  const [style, setStyle] = useState<TypefaceStyle | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    let stale = false;
    api.settings
      .get({})
      .then((s) => {
        if (stale) return;
        setSaved(s.typefaces);
        setStyle(s.typefaces);
      })
      .catch(
        (e: unknown) =>
          !stale && setMessage({ error: true, text: e instanceof ClientError ? errorMessage(i18n, e.code, e.params) : String(e) }),
      );
    return () => {
      stale = true;
    };
  }, []);

  const save = async (next: TypefaceStyle) => {
    setBusy(true);
    setMessage(null);
    try {
      const settings = await api.settings.set({ typefaces: next });
      setSaved(settings.typefaces);
      setStyle(settings.typefaces);
      setMessage({ error: false, text: t('layout:typefaces.saved') });
      props.onSaved();
    } catch (e) {
      setMessage({ error: true, text: e instanceof ClientError ? errorMessage(i18n, e.code, e.params) : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const changed = style !== null && saved !== null && JSON.stringify(style) !== JSON.stringify(saved);
  return (
    <details className="typefaces" data-testid="typefaces-panel">
      <summary>{t('layout:typefaces.title')}</summary>
      <p className="muted">{t('layout:typefaces.hint')}</p>
      {style ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save(style);
          }}
        >
          <div className="typeface-grid" style={GRID}>
            {LINE_ROLES.map((role) => (
              <Fragment key={role}>
                <label htmlFor={`${id}-${role}`}>{t(`layout:typefaces.role.${role}`)}</label>
                <select
                  id={`${id}-${role}`}
                  value={style[role].face}
                  disabled={!mayChange || busy}
                  style={{ fontFamily: familyOf(style[role].face) }}
                  onChange={(e) => {
                    const face = e.target.value;
                    if (isTypeface(face)) setStyle({ ...style, [role]: { ...style[role], face } });
                  }}
                >
                  {TYPEFACES.map((face) => (
                    <option key={face} value={face}>
                      {t(`layout:typefaces.face.${face}`)}
                    </option>
                  ))}
                </select>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={style[role].weight === 700}
                    disabled={!mayChange || busy}
                    onChange={(e) => setStyle({ ...style, [role]: { ...style[role], weight: e.target.checked ? 700 : 400 } })}
                  />
                  {t('layout:typefaces.bold')}
                </label>
              </Fragment>
            ))}
          </div>
          {mayChange ? (
            <div className="actions">
              <button type="submit" disabled={!changed || busy}>
                {t('layout:typefaces.save')}
              </button>
              <button type="button" disabled={busy} onClick={() => setStyle(DEFAULT_TYPEFACES)}>
                {t('layout:typefaces.reset')}
              </button>
            </div>
          ) : (
            <p className="muted">{t('layout:typefaces.readOnly')}</p>
          )}
        </form>
      ) : null}
      {message ? (
        <p className={message.error ? 'error' : 'muted'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
      <p className="muted">{t('layout:typefaces.noFangsong')}</p>
    </details>
  );
});
