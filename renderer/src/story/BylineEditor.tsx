import { useId } from 'react';
import type { BylineEntry, BylineForm } from '../../../shared/domain/article';
import { formatByline } from '../../../shared/domain/byline';
import { moveItem, removeItem, replaceItem } from './list-ops';
import { RoleSelect } from './RoleSelect';
import { useT } from '../i18n';

/**
 * The byline (署名) as people in roles, in print order, with the house form rendered live:
 * 本报讯（记者王子瑶 通讯员陈勇）, or the feature form □ 通讯员 余延平 秦超.
 */
export function BylineEditor(props: {
  dateline: string;
  entries: BylineEntry[];
  form: BylineForm;
  peopleListId: string;
  onChange(entries: BylineEntry[], form: BylineForm): void;
}) {
  const { t } = useT();
  const base = useId();
  const { entries, form } = props;
  const set = (next: BylineEntry[]) => props.onChange(next, form);
  const printed = formatByline(props.dateline, entries, form);

  return (
    <section className="panel byline-editor" aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`}>{t('story:byline.title')}</h2>
      {entries.length === 0 ? <p className="muted">{t('story:byline.empty')}</p> : null}
      <ol className="rows">
        {entries.map((entry, i) => {
          const n = i + 1;
          const id = `${base}-${i}`;
          return (
            <li key={i} className="row">
              <span className="row-number" aria-hidden="true">
                {n}
              </span>
              <label htmlFor={`${id}-role`}>{t('story:byline.role')}</label>
              <RoleSelect
                id={`${id}-role`}
                value={entry.role}
                onChange={(role) => set(replaceItem(entries, i, { ...entry, role: role ?? 'reporter' }))}
              />
              <label htmlFor={`${id}-name`}>{t('story:byline.name')}</label>
              <input
                id={`${id}-name`}
                className="name"
                list={props.peopleListId}
                value={entry.name}
                maxLength={100}
                onChange={(e) => set(replaceItem(entries, i, { ...entry, name: e.target.value }))}
              />
              <label htmlFor={`${id}-outlet`}>{t('story:byline.outlet')}</label>
              <input
                id={`${id}-outlet`}
                className="outlet"
                value={entry.outlet ?? ''}
                maxLength={100}
                placeholder={t('story:byline.outletPlaceholder')}
                onChange={(e) => {
                  const { outlet: _old, ...rest } = entry;
                  set(replaceItem(entries, i, e.target.value ? { ...rest, outlet: e.target.value } : rest));
                }}
              />
              <span className="row-actions">
                <button
                  type="button"
                  disabled={i === 0}
                  aria-label={t('story:byline.moveUp', { n })}
                  onClick={() => set(moveItem(entries, i, i - 1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  disabled={i === entries.length - 1}
                  aria-label={t('story:byline.moveDown', { n })}
                  onClick={() => set(moveItem(entries, i, i + 1))}
                >
                  ↓
                </button>
                <button type="button" aria-label={t('story:byline.remove', { n })} onClick={() => set(removeItem(entries, i))}>
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <div className="panel-actions">
        <button type="button" onClick={() => set([...entries, { role: entries.at(-1)?.role ?? 'reporter', name: '' }])}>
          {t('story:byline.add')}
        </button>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form === 'feature'}
            onChange={(e) => props.onChange(entries, e.target.checked ? 'feature' : 'standard')}
          />
          {t('story:byline.feature')}
        </label>
      </div>
      <p className="printed">
        <span className="printed-label" id={`${base}-preview`}>
          {t('story:byline.preview')}
        </span>
        <output aria-labelledby={`${base}-preview`} data-testid="byline-preview">
          {printed}
        </output>
      </p>
    </section>
  );
}
