import { ROLES, type Role } from '../../../shared/domain/roles';
import { useT } from '../i18n';

/** A role (身份) picker; with `allowNone`, a credit may name a person without a role. */
export function RoleSelect(props: { id: string; value: Role | null; allowNone?: boolean; onChange(role: Role | null): void }) {
  const { t } = useT();
  return (
    <select id={props.id} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value ? (e.target.value as Role) : null)}>
      {props.allowNone ? <option value="">{t('story:photos.noRole')}</option> : null}
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`common:roles.${role}`)}
        </option>
      ))}
    </select>
  );
}
