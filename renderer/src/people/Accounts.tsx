import { useCallback, useEffect, useId, useState, useSyncExternalStore, type FormEvent } from 'react';
import { DESK_ROLES, PASSWORD_MIN, type AccountSummary, type DeskRole } from '../../../shared/domain/accounts';
import { api } from '../api/client';
import { messageOf } from '../app/errors';
import { Notice } from '../app/Notice';
import { useT } from '../i18n';
import { PasswordField } from '../common/PasswordField';
import { newsroom } from '../app/newsroom';
import { NewsroomPanel } from './NewsroomPanel';

/** Role checkboxes under one legend: the same control for a new account and an existing one. */
function RoleChecks(props: { legend: string; roles: readonly DeskRole[]; onChange(roles: DeskRole[]): void }) {
  const { t } = useT();
  return (
    <fieldset className="role-checks">
      <legend>{props.legend}</legend>
      {DESK_ROLES.map((role) => (
        <label key={role} className="checkbox">
          <input
            type="checkbox"
            checked={props.roles.includes(role)}
            onChange={(e) => props.onChange(DESK_ROLES.filter((r) => (r === role ? e.target.checked : props.roles.includes(r))))}
          />{' '}
          {t(`common:deskRole.${role}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** One account: its roles to change, a new password to set, and removal or its undoing. */
function AccountCard(props: { account: AccountSummary; self: boolean; onDone(message: string): void; onError(message: string): void }) {
  const { t } = useT();
  const ids = useId();
  const { account } = props;
  const [roles, setRoles] = useState<DeskRole[]>(account.roles);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      props.onDone(await work());
    } catch (e) {
      props.onError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const changed = roles.join() !== account.roles.join();

  return (
    <article className={`account${account.removed ? ' removed' : ''}`} aria-labelledby={`${ids}-name`}>
      <h3 id={`${ids}-name`}>
        {account.name}
        {props.self ? <span className="muted">{t('people:accounts.you')}</span> : null}
      </h3>
      <p className="account-facts">
        <span>{account.roles.map((r) => t(`common:deskRole.${r}`)).join(t('common:listSeparator'))}</span>
        {' · '}
        <span>{account.person ? t('people:accounts.personOf', { person: account.person }) : t('people:accounts.noPerson')}</span>
        {' · '}
        <span className={account.removed ? 'status status-spiked' : 'status'}>
          {account.removed ? t('people:accounts.removed') : t('people:accounts.active')}
        </span>
      </p>
      <RoleChecks legend={t('people:accounts.rolesOf', { name: account.name })} roles={roles} onChange={setRoles} />
      <div className="actions">
        <button
          type="button"
          disabled={busy || !changed || roles.length === 0}
          onClick={() =>
            void run(async () => {
              await api.accounts.update({ name: account.name, roles });
              return t('people:accounts.saved', { name: account.name });
            })
          }
        >
          {t('people:accounts.saveRoles')}
        </button>
        {roles.length === 0 ? <span className="hint">{t('people:accounts.chooseRole')}</span> : null}
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const removed = !account.removed;
              await api.accounts.update({ name: account.name, removed });
              return t(removed ? 'people:accounts.removedDone' : 'people:accounts.restoredDone', { name: account.name });
            })
          }
        >
          {account.removed ? t('people:accounts.restore') : t('people:accounts.remove')}
        </button>
      </div>
      <form
        className="inline-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void run(async () => {
            await api.accounts.setPassword({ name: account.name, password });
            setPassword('');
            return t('people:accounts.passwordSet', { name: account.name });
          });
        }}
      >
        <PasswordField
          id={`${ids}-password`}
          className="field inline"
          minLength={PASSWORD_MIN}
          label={t('people:accounts.newPassword', { name: account.name })}
          value={password}
          onChange={setPassword}
          purpose="new"
        />
        <button type="submit" disabled={busy}>
          {t('people:accounts.setPassword')}
        </button>
      </form>
    </article>
  );
}

/** A new account: name, initial password, roles, and the byline person it is. */
function NewAccount(props: { people: string[]; onDone(message: string): void; onError(message: string): void }) {
  const { t } = useT();
  const ids = useId();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<DeskRole[]>(['reporter']);
  const [person, setPerson] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password.length < PASSWORD_MIN) return props.onError(t('common:session.passwordTooShort', { min: PASSWORD_MIN }));
    setBusy(true);
    try {
      const created = await api.accounts.add({ name: name.trim(), password, roles, ...(person.trim() ? { person: person.trim() } : {}) });
      setName('');
      setPassword('');
      setPerson('');
      setRoles(['reporter']);
      props.onDone(t('people:accounts.created', { name: created.name }));
    } catch (e) {
      props.onError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel new-account" aria-labelledby={`${ids}-title`} onSubmit={(e) => void submit(e)}>
      <h2 id={`${ids}-title`}>{t('people:accounts.add')}</h2>
      <div className="field">
        <label htmlFor={`${ids}-name`}>{t('people:accounts.name')}</label>
        <input id={`${ids}-name`} value={name} required maxLength={40} autoComplete="off" onChange={(e) => setName(e.target.value)} />
      </div>
      <PasswordField
        id={`${ids}-password`}
        label={t('people:accounts.password')}
        value={password}
        onChange={setPassword}
        purpose="new"
        hint
      />
      <RoleChecks legend={t('people:accounts.roles')} roles={roles} onChange={setRoles} />
      <div className="field">
        <label htmlFor={`${ids}-person`}>{t('people:accounts.person')}</label>
        <input
          id={`${ids}-person`}
          value={person}
          maxLength={40}
          list={`${ids}-people`}
          aria-describedby={`${ids}-person-hint`}
          onChange={(e) => setPerson(e.target.value)}
        />
        <span id={`${ids}-person-hint`} className="hint muted">
          {t('people:accounts.personHint')}
        </span>
        <datalist id={`${ids}-people`}>
          {props.people.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </div>
      <button type="submit" className="primary" disabled={busy || roles.length === 0}>
        {t('people:accounts.create')}
      </button>
    </form>
  );
}

/** How long the desk may sit idle before its session ends (an administrator's setting). */
function IdleSetting(props: { onDone(message: string): void; onError(message: string): void }) {
  const { t } = useT();
  const ids = useId();
  const [minutes, setMinutes] = useState('');

  useEffect(() => {
    api.settings.get({}).then(
      (s) => setMinutes(String(s.idleMinutes)),
      (e: unknown) => props.onError(messageOf(e)),
    );
    // Read once, when the view opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const saved = await api.settings.set({ idleMinutes: Number(minutes) });
      setMinutes(String(saved.idleMinutes));
      props.onDone(t('people:accounts.idleSaved', { minutes: saved.idleMinutes }));
    } catch (e) {
      props.onError(messageOf(e));
    }
  };

  return (
    <form className="panel idle-setting" aria-labelledby={`${ids}-title`} onSubmit={(e) => void submit(e)}>
      <h2 id={`${ids}-title`}>{t('people:accounts.idle')}</h2>
      <div className="field">
        <label htmlFor={`${ids}-minutes`}>{t('people:accounts.idleMinutes')}</label>
        <input
          id={`${ids}-minutes`}
          type="number"
          min={1}
          max={24 * 60}
          step={1}
          required
          value={minutes}
          aria-describedby={`${ids}-hint`}
          onChange={(e) => setMinutes(e.target.value)}
        />
        <span id={`${ids}-hint`} className="hint muted">
          {t('people:accounts.idleHint')}
        </span>
      </div>
      <button type="submit">{t('people:accounts.saveIdle')}</button>
    </form>
  );
}

/** The administrator's view of the desk's people: accounts, their roles, passwords and the idle time. */
export function Accounts(props: { self: AccountSummary }) {
  const { t } = useT();
  const ids = useId();
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [people, setPeople] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Joined to a newsroom: its server keeps the accounts (the archive answers ACCOUNTS_ON_SERVER to changes).
  const { status: sync } = useSyncExternalStore(newsroom.subscribe, newsroom.getSnapshot);
  const onServer = sync?.joined === true;

  const refresh = useCallback(() => {
    api.accounts.list({}).then(setAccounts, (e: unknown) => setError(messageOf(e)));
  }, []);
  // Read again when the archive joins or leaves a newsroom (its accounts come from the server then).
  useEffect(refresh, [refresh, onServer]);
  useEffect(() => {
    api.people.list({}).then(
      (list) => setPeople(list.map((p) => p.name)),
      () => setPeople([]),
    );
  }, []);

  const onDone = (message: string) => {
    setError(null);
    setDone(message);
    refresh();
  };
  const onError = (message: string) => {
    setDone(null);
    setError(message);
  };

  return (
    <section className="accounts" aria-labelledby={`${ids}-title`}>
      <header className="desk-header">
        <h1 id={`${ids}-title`}>{t('people:accounts.title')}</h1>
      </header>
      <Notice message={error} onDismiss={() => setError(null)} />
      {onServer ? (
        <p className="readonly-notice" role="note" data-testid="accounts-on-server">
          {t('common:newsroom.accountsOnServer', { server: sync.server ?? '' })}
        </p>
      ) : null}
      <p className="muted" role="status" data-testid="accounts-done">
        {done}
      </p>
      <div className="accounts-columns">
        <section aria-labelledby={`${ids}-list`} className="account-list">
          <h2 id={`${ids}-list`}>{t('people:accounts.list')}</h2>
          {accounts === null ? <p className="muted">{t('common:loading')}</p> : null}
          <fieldset className="plain" disabled={onServer}>
            {accounts?.map((a) => (
              // Keyed by what the server says, so a saved change resets the card's fields.
              <AccountCard
                key={`${a.id}:${a.roles.join()}:${a.removed}`}
                account={a}
                self={a.id === props.self.id}
                onDone={onDone}
                onError={onError}
              />
            ))}
          </fieldset>
        </section>
        <div className="accounts-side">
          <NewsroomPanel />
          {onServer ? null : <NewAccount people={people} onDone={onDone} onError={onError} />}
          <IdleSetting onDone={onDone} onError={onError} />
        </div>
      </div>
    </section>
  );
}
