import { useId, useState, type FormEvent } from 'react';
import { DESK_ROLES, PASSWORD_MIN, type DeskRole } from '../../../shared/domain/account-basics';
import { errorMessage } from '../../../shared/i18n/setup';
import { i18n, useT } from '../i18n';
import { PasswordField } from '../common/PasswordField';
import { session, type SessionProblem } from './session';

const problemText = (problem: SessionProblem | null) => (problem ? errorMessage(i18n, problem.code, problem.params) : null);

function Problem({ message }: { message: string | null }) {
  return message ? (
    <p className="error" role="alert">
      {message}
    </p>
  ) : null;
}

/** The first start of an archive without accounts: its administrator, with any other roles they hold. */
export function SetupForm(props: { busy: boolean; problem: SessionProblem | null }) {
  const { t } = useT();
  const ids = useId();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [roles, setRoles] = useState<DeskRole[]>([]);
  const [person, setPerson] = useState('');
  const [local, setLocal] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password.length < PASSWORD_MIN) return setLocal(t('common:session.passwordTooShort', { min: PASSWORD_MIN }));
    if (password !== again) return setLocal(t('common:session.passwordMismatch'));
    setLocal(null);
    void session.setup({ name: name.trim(), password, roles, ...(person.trim() ? { person: person.trim() } : {}) });
  };

  return (
    <form className="sign-in" aria-labelledby={`${ids}-title`} onSubmit={submit}>
      <h1 id={`${ids}-title`}>{t('common:session.setupTitle')}</h1>
      <p className="muted">{t('common:session.setupIntro')}</p>
      <div className="field">
        <label htmlFor={`${ids}-name`}>{t('common:session.name')}</label>
        <input id={`${ids}-name`} value={name} required maxLength={40} autoComplete="username" onChange={(e) => setName(e.target.value)} />
      </div>
      <PasswordField
        id={`${ids}-password`}
        label={t('common:session.password')}
        value={password}
        onChange={setPassword}
        purpose="new"
        hint
      />
      <PasswordField id={`${ids}-again`} label={t('common:session.passwordAgain')} value={again} onChange={setAgain} purpose="new" />
      <fieldset className="role-checks">
        <legend>{t('common:session.extraRoles')}</legend>
        {DESK_ROLES.filter((r) => r !== 'admin').map((role) => (
          <label key={role} className="checkbox">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(e) => setRoles((now) => (e.target.checked ? [...now, role] : now.filter((r) => r !== role)))}
            />{' '}
            {t(`common:deskRole.${role}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${ids}-person`}>{t('common:session.person')}</label>
        <input
          id={`${ids}-person`}
          value={person}
          maxLength={40}
          aria-describedby={`${ids}-person-hint`}
          onChange={(e) => setPerson(e.target.value)}
        />
        <span id={`${ids}-person-hint`} className="hint muted">
          {t('common:session.personHint')}
        </span>
      </div>
      <Problem message={local ?? problemText(props.problem)} />
      <button type="submit" className="primary" disabled={props.busy}>
        {t('common:session.createAdmin')}
      </button>
    </form>
  );
}

/** Name and password. A refusal says so in words and keeps the name. */
export function SignInForm(props: { busy: boolean; problem: SessionProblem | null }) {
  const { t } = useT();
  const ids = useId();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void session.signIn(name.trim(), password).then((ok) => ok || setPassword(''));
  };

  return (
    <form className="sign-in" aria-labelledby={`${ids}-title`} onSubmit={submit}>
      <h1 id={`${ids}-title`}>{t('common:session.signInTitle')}</h1>
      <div className="field">
        <label htmlFor={`${ids}-name`}>{t('common:session.name')}</label>
        <input id={`${ids}-name`} value={name} required maxLength={100} autoComplete="username" onChange={(e) => setName(e.target.value)} />
      </div>
      <PasswordField
        id={`${ids}-password`}
        label={t('common:session.password')}
        value={password}
        onChange={setPassword}
        purpose="current"
      />
      <Problem message={problemText(props.problem)} />
      <button type="submit" className="primary" disabled={props.busy}>
        {props.busy ? t('common:session.signingIn') : t('common:session.signIn')}
      </button>
    </form>
  );
}

/**
 * Over the desk when its session ended: why, in words, and the same person's password. The
 * desk beneath stays as it was (inert), its drafts and their pending saves with it.
 */
export function LockScreen(props: { name: string; reason: SessionProblem; busy: boolean; problem: SessionProblem | null }) {
  const { t } = useT();
  const ids = useId();
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void session.signIn(props.name, password).then((ok) => ok || setPassword(''));
  };

  return (
    <div className="lock-backdrop">
      <form
        className="sign-in lock-screen"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${ids}-title`}
        aria-describedby={`${ids}-reason`}
        onSubmit={submit}
      >
        <h1 id={`${ids}-title`}>{t('common:session.lockedTitle')}</h1>
        <p id={`${ids}-reason`} className="lock-reason" data-testid="lock-reason">
          {problemText(props.reason)}
        </p>
        <p className="muted">{t('common:session.draftKept')}</p>
        <div className="field">
          <label htmlFor={`${ids}-name`}>{t('common:session.name')}</label>
          <input id={`${ids}-name`} value={props.name} readOnly autoComplete="username" />
        </div>
        <PasswordField
          id={`${ids}-password`}
          label={t('common:session.password')}
          value={password}
          onChange={setPassword}
          purpose="current"
          autoFocus
        />
        <Problem message={problemText(props.problem)} />
        <div className="actions">
          <button type="submit" className="primary" disabled={props.busy}>
            {props.busy ? t('common:session.signingIn') : t('common:session.signIn')}
          </button>
          <button type="button" className="link" onClick={() => session.leave()}>
            {t('common:session.switchUser')}
          </button>
        </div>
      </form>
    </div>
  );
}
