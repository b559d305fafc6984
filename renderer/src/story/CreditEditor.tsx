import { useId } from 'react';
import type { PhotoCredit } from '../../../shared/domain/article';
import { CREDIT_KINDS, type CreditKind } from '../../../shared/domain/roles';
import { removeItem, replaceItem } from './list-ops';
import { RoleSelect } from './RoleSelect';
import { useT } from '../i18n';

/** Who is credited for a photo (or a set of photos), and how: 摄 or 供图. */
export function CreditEditor(props: { credit: PhotoCredit; peopleListId: string; onChange(credit: PhotoCredit): void }) {
  const { t } = useT();
  const base = useId();
  const { credit } = props;
  const people = credit.people;
  const setPeople = (next: PhotoCredit['people']) => props.onChange({ ...credit, people: next });
  return (
    <div className="credit-editor">
      <label htmlFor={`${base}-kind`}>{t('story:photos.creditKind')}</label>
      <select id={`${base}-kind`} value={credit.kind} onChange={(e) => props.onChange({ ...credit, kind: e.target.value as CreditKind })}>
        {CREDIT_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`common:creditKinds.${kind}`)}
          </option>
        ))}
      </select>
      <span className="credit-people-label">{t('story:photos.creditPeople')}</span>
      <ol className="rows">
        {people.map((person, i) => (
          <li key={i} className="row">
            <label htmlFor={`${base}-${i}-role`}>{t('story:photos.creditRole')}</label>
            <RoleSelect
              id={`${base}-${i}-role`}
              allowNone
              value={person.role}
              onChange={(role) => setPeople(replaceItem(people, i, { ...person, role }))}
            />
            <label htmlFor={`${base}-${i}-name`}>{t('story:photos.creditName')}</label>
            <input
              id={`${base}-${i}-name`}
              className="name"
              list={props.peopleListId}
              value={person.name}
              maxLength={100}
              onChange={(e) => setPeople(replaceItem(people, i, { ...person, name: e.target.value }))}
            />
            <button
              type="button"
              aria-label={t('story:photos.removeCredit', { n: i + 1 })}
              onClick={() => setPeople(removeItem(people, i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => setPeople([...people, { role: null, name: '' }])}>
        {t('story:photos.addCredit')}
      </button>
    </div>
  );
}
