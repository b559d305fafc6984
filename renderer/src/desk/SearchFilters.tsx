import { useId, useState } from 'react';
import type { SearchRequest } from '../../../shared/api/contract';
import { ROLES, type Role } from '../../../shared/domain/roles';
import { useT } from '../i18n';

export type Filters = Omit<NonNullable<SearchRequest['filters']>, 'status'>;

/** Narrowing a search: date range, person and role, column, edition and page. */
export function SearchFilters(props: { filters: Filters; onChange(filters: Filters): void }) {
  const { t } = useT();
  const ids = useId();
  const { filters } = props;
  // The fields exist only while the section is open: Chromium builds each date field in the
  // page's locale, and three took 43–95 ms in a fresh page on the loaded build machine, three
  // text fields 6–12 ms (part of it locale data the list's dates load anyway). The section
  // starts closed, so the desk's first frame no longer builds them.
  const [opened, setOpened] = useState(false);
  const set = (key: keyof Filters, value: string) => {
    const next: Filters = { ...filters };
    if (value === '') delete next[key];
    else if (key === 'page') next.page = Number(value);
    else if (key === 'role') next.role = value as Role;
    else next[key] = value;
    props.onChange(next);
  };
  const active = Object.keys(filters).length;
  const field = (key: keyof Filters, type: 'date' | 'text' | 'number') => (
    <div className="field inline">
      <label htmlFor={`${ids}-${key}`}>{t(`desk:filters.${key}`)}</label>
      <input
        id={`${ids}-${key}`}
        type={type}
        value={filters[key] ?? ''}
        min={type === 'number' ? 1 : undefined}
        maxLength={type === 'text' ? 100 : undefined}
        onChange={(e) => set(key, e.target.value)}
      />
    </div>
  );
  return (
    <details className="search-filters" open={active > 0} onToggle={(e) => setOpened(e.currentTarget.open)}>
      <summary>
        {t('desk:filters.title')}
        {active ? ` (${active})` : ''}
      </summary>
      {opened || active ? (
        <div className="filter-fields">
          {field('from', 'date')}
          {field('to', 'date')}
          {field('person', 'text')}
          <div className="field inline">
            <label htmlFor={`${ids}-role`}>{t('desk:filters.role')}</label>
            <select id={`${ids}-role`} value={filters.role ?? ''} onChange={(e) => set('role', e.target.value)}>
              <option value="">{t('desk:filters.anyRole')}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`common:roles.${r}`)}
                </option>
              ))}
            </select>
          </div>
          {field('column', 'text')}
          {field('edition', 'date')}
          {field('page', 'number')}
          <button type="button" disabled={!active} onClick={() => props.onChange({})}>
            {t('desk:filters.clear')}
          </button>
        </div>
      ) : null}
    </details>
  );
}
