import { useId, useState, useSyncExternalStore } from 'react';
import { hasPermission } from '../../../shared/domain/permissions';
import { PROOFREAD_RULES, type ProofreadRule } from '../../../shared/proofread/check';
import { formatHousePairs, parseHousePairs, type HouseProofreading } from '../../../shared/proofread/house';
import { proofreadMessage } from '../../../shared/proofread/message';
import type { StoryFinding } from '../../../shared/proofread/story';
import { ClientError, api } from '../api/client';
import { session } from '../app/session';
import { errorMessage } from '../../../shared/i18n/setup';
import { i18n, useT } from '../i18n';
import type { Proofreading, StoryController } from './story-controller';

/** Findings listed at once; a story imported with hundreds says how many more there are. */
const SHOWN = 200;
/** Characters of context either side of a finding's span. */
const CONTEXT = 12;

function placeText(t: ReturnType<typeof useT>['t'], f: StoryFinding): string {
  switch (f.place.part) {
    case 'body':
      return t('story:proofread.place.body', { n: f.place.block + 1 });
    case 'caption':
      return t('story:proofread.place.caption', { n: f.place.photo + 1 });
    default:
      return t(`story:fields.${f.place.part}`);
  }
}

/** The span in its context: …前文【span】后文… */
function Excerpt({ f }: { f: StoryFinding }) {
  const { offset, length } = f.finding;
  const from = Math.max(0, offset - CONTEXT);
  const to = Math.min(f.text.length, offset + length + CONTEXT);
  return (
    <span className="proof-excerpt">
      {from > 0 ? '…' : ''}
      {f.text.slice(from, offset)}
      <mark>{f.text.slice(offset, offset + length) || '\u00a0'}</mark>
      {f.text.slice(offset + length, to)}
      {to < f.text.length ? '…' : ''}
    </span>
  );
}

/**
 * The proofreading panel (校对): the story's findings as the editor types, grouped by rule, each
 * with its place, its message, a one-click fix where the checker knows one and "ignore" for
 * the story; a kind fixed all at once; the newsroom's own rules for who sets them.
 */
export function ProofreadPanel(props: { story: StoryController; proofreading: Proofreading; editable: boolean; house: HouseProofreading }) {
  const { t } = useT();
  const id = useId();
  const { story, proofreading, editable } = props;
  const [houseOpen, setHouseOpen] = useState(false);
  const account = useSyncExternalStore(session.subscribe, session.getSnapshot).state;
  const maySetHouse = account.kind === 'signed-in' && hasPermission(account.account, 'house-rules');

  const byRule = new Map<ProofreadRule, StoryFinding[]>();
  for (const f of proofreading.findings) {
    const list = byRule.get(f.finding.rule) ?? [];
    list.push(f);
    byRule.set(f.finding.rule, list);
  }
  let shown = 0;
  const total = proofreading.findings.length;

  return (
    <section className="proof-panel" aria-labelledby={`${id}-title`} data-testid="proofread-panel">
      <h2 id={`${id}-title`}>
        {t('story:proofread.title')}{' '}
        <span className="muted" role="status" data-testid="proofread-count" data-stale={proofreading.stale}>
          {proofreading.stale
            ? t('story:proofread.checking')
            : total
              ? t('story:proofread.count', { count: total })
              : t('story:proofread.none')}
        </span>
      </h2>
      {[...byRule].map(([rule, list]) => {
        const fixable = list.filter((f) => f.finding.suggestion !== undefined).length;
        const items = list.slice(0, Math.max(0, SHOWN - shown));
        shown += items.length;
        return (
          <div key={rule} className="proof-rule" role="group" aria-label={t(`story:proofread.rules.${rule}`)}>
            <h3>
              {t(`story:proofread.rules.${rule}`)} <span className="muted">{list.length}</span>
              {fixable > 1 && editable ? (
                <button
                  type="button"
                  className="small"
                  aria-label={t('story:proofread.fixAllOf', { rule: t(`story:proofread.rules.${rule}`), count: fixable })}
                  onClick={() => story.fixAll(rule)}
                >
                  {t('story:proofread.fixAll', { count: fixable })}
                </button>
              ) : null}
            </h3>
            <ul>
              {items.map((f) => (
                <li key={f.id} className="proof-finding" data-rule={rule}>
                  <button
                    type="button"
                    className="link proof-where"
                    onClick={() => story.reveal(f.id)}
                    aria-label={t('story:proofread.show', { place: placeText(t, f) })}
                  >
                    {placeText(t, f)}
                  </button>{' '}
                  <Excerpt f={f} />
                  <span className="proof-message">{proofreadMessage(i18n, f.finding)}</span>
                  <span className="proof-actions">
                    {f.finding.suggestion !== undefined && editable ? (
                      <button type="button" className="small" onClick={() => story.fix(f.id)}>
                        {f.finding.suggestion
                          ? t('story:proofread.fixTo', { suggestion: f.finding.suggestion })
                          : t('story:proofread.fixDelete')}
                      </button>
                    ) : null}
                    {editable ? (
                      <button
                        type="button"
                        className="small"
                        aria-label={t('story:proofread.ignoreNamed', {
                          found: f.text.slice(f.finding.offset, f.finding.offset + f.finding.length),
                        })}
                        onClick={() => story.ignore(f.id)}
                      >
                        {t('story:proofread.ignore')}
                      </button>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {total > SHOWN ? <p className="muted">{t('story:proofread.more', { count: total - SHOWN })}</p> : null}
      <p className="proof-footer">
        {proofreading.ignored ? (
          <>
            <span className="muted">{t('story:proofread.ignored', { count: proofreading.ignored })}</span>{' '}
            {editable ? (
              <button type="button" className="small" onClick={() => story.unignoreAll()}>
                {t('story:proofread.unignoreAll')}
              </button>
            ) : null}
          </>
        ) : null}
        {maySetHouse ? (
          <button type="button" className="small" aria-expanded={houseOpen} onClick={() => setHouseOpen((v) => !v)}>
            {t('story:proofread.house.open')}
          </button>
        ) : null}
      </p>
      {houseOpen ? <HouseRulesForm house={props.house} onSaved={(house) => (story.useHouse(house), setHouseOpen(false))} /> : null}
    </section>
  );
}

/** The newsroom's proofreading rules (本报校对规则): rules on and off, and its own word lists. */
function HouseRulesForm(props: { house: HouseProofreading; onSaved: (house: HouseProofreading) => void }) {
  const { t } = useT();
  const id = useId();
  const [off, setOff] = useState<Set<ProofreadRule>>(() => new Set(props.house.off));
  const [typos, setTypos] = useState(() => formatHousePairs(props.house.typos));
  const [avoid, setAvoid] = useState(() => formatHousePairs(props.house.avoid));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const a = parseHousePairs(typos);
    const b = parseHousePairs(avoid);
    if (a.bad.length || b.bad.length) {
      setError(
        t('story:proofread.house.badLines', {
          lines: [
            ...a.bad.map((n) => `${t('story:proofread.house.typos')} ${n}`),
            ...b.bad.map((n) => `${t('story:proofread.house.avoid')} ${n}`),
          ].join(t('common:listSeparator')),
        }),
      );
      return;
    }
    setBusy(true);
    try {
      const saved = await api.settings.set({
        proofreading: { off: PROOFREAD_RULES.filter((r) => off.has(r)), typos: a.pairs, avoid: b.pairs },
      });
      setError(null);
      props.onSaved(saved.proofreading);
    } catch (e) {
      setError(e instanceof ClientError ? errorMessage(i18n, e.code, e.params) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="proof-house"
      aria-label={t('story:proofread.house.title')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset>
        <legend>{t('story:proofread.house.rules')}</legend>
        {PROOFREAD_RULES.map((rule) => (
          <label key={rule} className="check">
            <input
              type="checkbox"
              checked={!off.has(rule)}
              onChange={(e) => {
                const next = new Set(off);
                if (e.target.checked) next.delete(rule);
                else next.add(rule);
                setOff(next);
              }}
            />
            {t(`story:proofread.rules.${rule}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-typos`}>{t('story:proofread.house.typos')}</label>
      <textarea id={`${id}-typos`} rows={4} value={typos} placeholder="己经 → 已经" onChange={(e) => setTypos(e.target.value)} />
      <label htmlFor={`${id}-avoid`}>{t('story:proofread.house.avoid')}</label>
      <textarea id={`${id}-avoid`} rows={4} value={avoid} placeholder="残废人 → 残疾人" onChange={(e) => setAvoid(e.target.value)} />
      <p className="muted">{t('story:proofread.house.hint')}</p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {t('story:proofread.house.save')}
      </button>
    </form>
  );
}
