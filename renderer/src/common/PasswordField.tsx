import { PASSWORD_MIN } from '../../../shared/domain/account-basics';
import { useT } from '../i18n';

interface PasswordFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A password being chosen (with the rule said under it), or one being given to sign in. */
  purpose: 'new' | 'current';
  /** Say the length rule under the field. */
  hint?: boolean;
  autoFocus?: boolean;
  /** Let the browser hold the length rule itself (where the form says nothing of its own). */
  minLength?: number;
  className?: string;
}

/** A labelled password field, the same wherever a password is given or chosen. */
export function PasswordField(props: PasswordFieldProps) {
  const { t } = useT();
  const hintId = `${props.id}-hint`;
  return (
    <div className={props.className ?? 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="password"
        value={props.value}
        required
        minLength={props.minLength}
        maxLength={200}
        autoFocus={props.autoFocus}
        autoComplete={props.purpose === 'new' ? 'new-password' : 'current-password'}
        aria-describedby={props.hint ? hintId : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint ? (
        <span id={hintId} className="hint muted">
          {t('common:session.passwordHint', { min: PASSWORD_MIN })}
        </span>
      ) : null}
    </div>
  );
}
