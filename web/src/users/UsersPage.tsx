import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { VIEWS } from '../auth/roles.ts';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import type { Role } from '../lib/types.ts';
import {
  ASSIGNABLE_ROLES,
  type IssuedPassword,
  type StaffUser,
  usersApi,
  useUserMutation,
  useUsers,
} from './api.ts';
import { StaffRegister } from './StaffRegister.tsx';

const ROLE_LABEL: Record<Role, MessageKey> = {
  operator: 'users.role.operator',
  backoffice: 'users.role.backoffice',
  supervisor: 'users.role.supervisor',
  'cup-manager': 'users.role.cup-manager',
  trainer: 'users.role.trainer',
  'privacy-officer': 'users.role.privacy-officer',
  'second-level': 'users.role.second-level',
  admin: 'users.role.admin',
};

/** The admin's staff accounts (issue 9 §8): list, add, disable/enable, new password, roles. */
export function UsersPage() {
  const { t } = useI18n();
  const users = useUsers();
  const [issued, setIssued] = useState<IssuedPassword | null>(null);

  return (
    <Page
      title={t('users.title')}
      actions={
        <Link className="btn btn-outline-primary btn-sm" to={VIEWS.prompts.path}>
          {t('nav.prompts')}
        </Link>
      }
    >
      <p>{t('users.intro')}</p>
      {issued && <IssuedPasswordNotice issued={issued} onDone={() => setIssued(null)} />}
      <AddUserForm onAdded={setIssued} />
      <h2 className="h4 mt-5">{t('users.listTitle')}</h2>
      {users.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorAlert error={users.error} />
      {users.data && <UsersTable users={users.data.users} onPassword={setIssued} />}
      {users.data && <StaffRegister users={users.data.users} />}
    </Page>
  );
}

/** The generated password, once: it takes the focus so that it is read out and copied at once. */
function IssuedPasswordNotice({ issued, onDone }: { issued: IssuedPassword; onDone: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      className="alert alert-success"
      aria-labelledby="issued-password-title"
      data-testid="issued-password"
    >
      <h2 id="issued-password-title" className="h5">
        {t('users.issued.title', { user: issued.user.username })}
      </h2>
      <p className="mb-2">
        {t('users.issued.password')}{' '}
        <code className="fs-5 user-select-all" data-testid="issued-password-value">
          {issued.password}
        </code>
      </p>
      <p className="mb-2">{t('users.issued.once')}</p>
      <button type="button" className="btn btn-outline-primary btn-sm" onClick={onDone}>
        {t('users.issued.done')}
      </button>
    </section>
  );
}

function RoleChecks({
  legend,
  value,
  onChange,
  describedBy,
}: {
  legend: string;
  value: Role[];
  onChange: (roles: Role[]) => void;
  describedBy?: string | undefined;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <fieldset aria-describedby={describedBy}>
      <legend className="form-label fw-semibold fs-6">{legend}</legend>
      {ASSIGNABLE_ROLES.map((role) => (
        <div key={role} className="form-check form-check-inline">
          <input
            id={`${id}-${role}`}
            type="checkbox"
            className="form-check-input"
            checked={value.includes(role)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? ASSIGNABLE_ROLES.filter((r) => r === role || value.includes(r))
                  : value.filter((r) => r !== role),
              )
            }
          />
          <label htmlFor={`${id}-${role}`} className="form-check-label">
            {t(ROLE_LABEL[role])}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function AddUserForm({ onAdded }: { onAdded: (issued: IssuedPassword) => void }) {
  const { t } = useI18n();
  const id = useId();
  const announce = useAnnounce();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [operatorCode, setOperatorCode] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const add = useUserMutation(usersApi.add);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (add.isPending) return;
    add.mutate(
      {
        username: username.trim().toLowerCase(),
        displayName: displayName.trim(),
        roles,
        ...(operatorCode.trim() ? { operatorCode: operatorCode.trim() } : {}),
      },
      {
        onSuccess: (issued) => {
          setUsername('');
          setDisplayName('');
          setOperatorCode('');
          setRoles([]);
          announce(t('users.added', { user: issued.user.username }));
          onAdded(issued);
        },
      },
    );
  };

  const err = (field: string) => fieldError(add.error, field);
  const input = (
    field: 'username' | 'displayName' | 'operatorCode',
    label: MessageKey,
    value: string,
    set: (v: string) => void,
    extra: { autoComplete?: string; required?: boolean; hint?: MessageKey } = {},
  ) => (
    <div className="col-12 col-md-4">
      <label htmlFor={`${id}-${field}`} className="form-label fw-semibold">
        {t(label)}
      </label>
      <input
        id={`${id}-${field}`}
        className={`form-control${err(field) ? ' is-invalid' : ''}`}
        value={value}
        required={extra.required}
        autoComplete={extra.autoComplete ?? 'off'}
        aria-invalid={err(field) ? true : undefined}
        aria-describedby={
          [extra.hint ? `${id}-${field}-hint` : '', err(field) ? `${id}-${field}-error` : '']
            .filter(Boolean)
            .join(' ') || undefined
        }
        onChange={(e) => set(e.target.value)}
      />
      {extra.hint && (
        <div id={`${id}-${field}-hint`} className="form-text">
          {t(extra.hint)}
        </div>
      )}
      <FieldError
        id={`${id}-${field}-error`}
        error={err(field)}
        messages={field === 'username' ? { CONFLICT: 'users.usernameTaken' } : {}}
      />
    </div>
  );

  const otherError =
    add.error && !['username', 'displayName', 'operatorCode', 'roles', 'roles.0'].some(err)
      ? add.error
      : null;

  return (
    <form onSubmit={submit} noValidate className="card card-body shadow-sm" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="h4">
        {t('users.add.title')}
      </h2>
      <ErrorAlert error={otherError} />
      <div className="row g-3">
        {input('username', 'users.field.username', username, setUsername, {
          required: true,
          hint: 'users.field.usernameHint',
        })}
        {input('displayName', 'users.field.displayName', displayName, setDisplayName, { required: true })}
        {input('operatorCode', 'users.field.operatorCode', operatorCode, setOperatorCode, {
          hint: 'users.field.operatorCodeHint',
        })}
        <div className="col-12">
          <RoleChecks
            legend={t('users.field.roles')}
            value={roles}
            onChange={setRoles}
            describedBy={err('roles') || err('roles.0') ? `${id}-roles-error` : undefined}
          />
          <FieldError id={`${id}-roles-error`} error={err('roles') ?? err('roles.0')} />
        </div>
      </div>
      <div className="mt-3">
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {add.isPending ? t('common.saving') : t('users.add.submit')}
        </button>
      </div>
    </form>
  );
}

function UsersTable({
  users,
  onPassword,
}: {
  users: StaffUser[];
  onPassword: (issued: IssuedPassword) => void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="table-responsive">
      <table className="table align-middle">
        <caption className="visually-hidden">{t('users.listTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.field.username')}</th>
            <th scope="col">{t('users.field.displayName')}</th>
            <th scope="col">{t('users.field.roles')}</th>
            <th scope="col">{t('users.col.state')}</th>
            <th scope="col">{t('users.col.login')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <UserRow
              key={u.id}
              user={u}
              editing={editing === u.id}
              onEdit={(on) => setEditing(on ? u.id : null)}
              onPassword={onPassword}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserRow({
  user,
  editing,
  onEdit,
  onPassword,
}: {
  user: StaffUser;
  editing: boolean;
  onEdit: (on: boolean) => void;
  onPassword: (issued: IssuedPassword) => void;
}) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [phone, setPhone] = useState(user.phoneEndpoint ?? '');
  const phoneId = useId();
  const update = useUserMutation(
    (patch: { active?: boolean; roles?: Role[]; phoneEndpoint?: string | null }) =>
      usersApi.update(user.id, patch),
  );
  const reset = useUserMutation(() => usersApi.resetPassword(user.id));
  const vars = { user: user.username };
  const error = update.error ?? reset.error;

  return (
    <>
      <tr>
        <th scope="row">{user.username}</th>
        <td>{user.displayName}</td>
        <td>
          {user.roles.length
            ? user.roles.map((r) => t(ROLE_LABEL[r] ?? 'users.role.unknown')).join(', ')
            : t('users.noRole')}
          {user.phoneEndpoint && (
            <div className="small text-muted">{t('users.phoneShort', { phone: user.phoneEndpoint })}</div>
          )}
        </td>
        <td>
          <span className={`badge ${user.active ? 'bg-success' : 'bg-secondary'}`}>
            {user.active ? t('users.state.active') : t('users.state.disabled')}
          </span>
        </td>
        <td>{user.singleSignOn ? t('users.login.sso') : t('users.login.password')}</td>
        <td>
          <div className="d-flex flex-wrap gap-2">
            <button
              type="button"
              className="btn btn-outline-primary btn-sm"
              aria-label={t(user.active ? 'users.action.disableFor' : 'users.action.enableFor', vars)}
              disabled={update.isPending}
              onClick={() =>
                update.mutate(
                  { active: !user.active },
                  { onSuccess: (u) => announce(t(u.active ? 'users.enabled' : 'users.disabled', vars)) },
                )
              }
            >
              {user.active ? t('users.action.disable') : t('users.action.enable')}
            </button>
            <button
              type="button"
              className="btn btn-outline-primary btn-sm"
              aria-label={t('users.action.resetFor', vars)}
              disabled={reset.isPending}
              onClick={() => {
                if (window.confirm(t('users.confirmReset', vars)))
                  reset.mutate(undefined, { onSuccess: onPassword });
              }}
            >
              {t('users.action.reset')}
            </button>
            <button
              type="button"
              className="btn btn-outline-primary btn-sm"
              aria-label={t('users.action.rolesFor', vars)}
              aria-expanded={editing}
              onClick={() => {
                setRoles(user.roles);
                setPhone(user.phoneEndpoint ?? '');
                onEdit(!editing);
              }}
            >
              {t('users.action.roles')}
            </button>
          </div>
          <ErrorAlert error={error} className="mt-2 mb-0 py-2" />
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={6}>
            <form
              className="d-flex flex-wrap align-items-end gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                // Roles only when changed: a change of roles ends the user's sessions.
                const sameRoles =
                  roles.length === user.roles.length && roles.every((r) => user.roles.includes(r));
                const phoneEndpoint = phone.trim() || null;
                const patch = {
                  ...(sameRoles ? {} : { roles }),
                  ...(phoneEndpoint === user.phoneEndpoint ? {} : { phoneEndpoint }),
                };
                if (Object.keys(patch).length === 0) {
                  onEdit(false);
                  return;
                }
                update.mutate(patch, {
                  onSuccess: () => {
                    announce(t('users.rolesSaved', vars));
                    onEdit(false);
                  },
                });
              }}
            >
              <RoleChecks legend={t('users.rolesOf', vars)} value={roles} onChange={setRoles} />
              <div>
                <label htmlFor={phoneId} className="form-label small mb-0">
                  {t('users.field.phone')}
                </label>
                <input
                  id={phoneId}
                  className="form-control form-control-sm"
                  value={phone}
                  maxLength={80}
                  aria-describedby={`${phoneId}-hint`}
                  onChange={(e) => setPhone(e.target.value)}
                />
                <div id={`${phoneId}-hint`} className="form-text">
                  {t('users.field.phoneHint')}
                </div>
              </div>
              <button type="submit" className="btn btn-primary btn-sm" disabled={update.isPending}>
                {t('users.saveRoles')}
              </button>
              <button type="button" className="btn btn-link btn-sm" onClick={() => onEdit(false)}>
                {t('common.cancel')}
              </button>
            </form>
          </td>
        </tr>
      )}
    </>
  );
}
