import { hash, verify } from '@node-rs/argon2';
import { audit } from '../../../platform/audit.ts';
import { actorOf, type RequestContext, ROLES, type Role } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { generatePassword, PASSWORD_MESSAGES, passwordProblem } from '../rules/password-policy.ts';
import { createUser } from '../sessions/sessions.service.ts';
import * as repo from './users.repository.ts';
import type { AddUserInput, UserSummary } from './users.types.ts';

// User administration (issue 9 §8): the admin page, its API and `sportello user …` all come here.
// Every change is audited; a password is only ever returned once, when it is generated.

export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._@-]{1,63}$';
const USERNAME = new RegExp(USERNAME_PATTERN);
const PURPOSE = 'user administration';

function checkRoles(roles: readonly string[]): Role[] {
  if (roles.length === 0) throw new AppError('INVALID_FIELD', 'give the user at least one role', 'roles');
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new AppError('INVALID_FIELD', `unknown role ${role}; one of ${ROLES.join(', ')}`, 'roles');
    }
  }
  return [...new Set(roles)] as Role[];
}

export function checkPassword(password: string, username: string, field = 'password'): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new AppError('INVALID_FIELD', PASSWORD_MESSAGES[problem], field);
}

export const listUsers = (db: Db): Promise<UserSummary[]> => repo.listUsers(db);

export async function getUser(db: Db, by: { id: string } | { username: string }): Promise<UserSummary> {
  const user = await repo.findUser(db, by);
  if (!user) throw notFound('user', 'id' in by ? 'id' : 'username');
  return user;
}

export async function addUser(
  db: Db,
  ctx: RequestContext,
  input: AddUserInput,
): Promise<{ user: UserSummary; password: string; generated: boolean }> {
  const username = input.username.trim();
  if (!USERNAME.test(username)) {
    throw new AppError(
      'INVALID_FIELD',
      'a username is 2–64 lower-case letters, digits, dots, dashes, underscores or @',
      'username',
    );
  }
  const displayName = input.displayName.trim();
  if (displayName.length === 0) throw new AppError('INVALID_FIELD', 'give the user a name', 'displayName');
  const roles = checkRoles(input.roles);
  const operatorCode = input.operatorCode?.trim() || null;
  const generated = input.password === undefined;
  const password = input.password ?? generatePassword();
  if (!generated) checkPassword(password, username);
  return db.transaction().execute(async (tx) => {
    const taken = await repo.takenBy(tx, username, operatorCode);
    if (taken) throw new AppError('CONFLICT', `${taken} already in use`, taken);
    const { id, created } = await createUser(tx, ctx.clock, {
      username,
      displayName,
      password,
      roles,
      operatorCode,
    }).catch((err: unknown) => {
      // Two admins adding the same operator code at once: the unique index decides.
      if ((err as { code?: string }).code === '23505') {
        throw new AppError('CONFLICT', 'username or operator code already in use', 'username');
      }
      throw err;
    });
    if (!created) throw new AppError('CONFLICT', 'username already in use', 'username');
    if (input.phoneEndpoint) await savePhoneEndpoint(tx, id, input.phoneEndpoint, ctx.clock.now());
    await audit(tx, ctx, { action: 'create', resourceType: 'app_user', resourceId: id, purpose: PURPOSE });
    const user = await repo.findUser(tx, { id });
    if (!user) throw notFound('user', 'id');
    return { user, password, generated };
  });
}

/** Disables or re-enables an account; disabling ends its sessions. The last active admin stays. */
export async function setActive(
  db: Db,
  ctx: RequestContext,
  id: string,
  active: boolean,
): Promise<UserSummary> {
  return db.transaction().execute(async (tx) => {
    const user = await repo.findUser(tx, { id }, { forUpdate: true });
    if (!user) throw notFound('user', 'id');
    if (!active && ctx.actor?.id === id) {
      throw new AppError('INVALID_STATE', 'you cannot disable your own account', 'id');
    }
    if (!active && user.roles.includes('admin') && (await repo.countOtherActiveAdmins(tx, id)) === 0) {
      throw new AppError('INVALID_STATE', 'this is the last active admin; add another admin first', 'id');
    }
    await repo.updateUser(tx, id, { active }, ctx.clock.now());
    if (!active) await repo.deleteSessionsOf(tx, id);
    await audit(tx, ctx, { action: 'update', resourceType: 'app_user', resourceId: id, purpose: PURPOSE });
    return { ...user, active };
  });
}

export async function setRoles(
  db: Db,
  ctx: RequestContext,
  id: string,
  roles: readonly string[],
): Promise<UserSummary> {
  const next = checkRoles(roles);
  return db.transaction().execute(async (tx) => {
    const user = await repo.findUser(tx, { id }, { forUpdate: true });
    if (!user) throw notFound('user', 'id');
    const losesAdmin = user.roles.includes('admin') && !next.includes('admin');
    if (losesAdmin && user.active && (await repo.countOtherActiveAdmins(tx, id)) === 0) {
      throw new AppError('INVALID_STATE', 'this is the last active admin; add another admin first', 'roles');
    }
    await repo.updateUser(tx, id, { roles: next }, ctx.clock.now());
    // Sessions carry the roles they were opened with: the user logs in again with the new ones.
    await repo.deleteSessionsOf(tx, id);
    await audit(tx, ctx, { action: 'update', resourceType: 'app_user', resourceId: id, purpose: PURPOSE });
    return { ...user, roles: next };
  });
}

/**
 * Issue 15: the phone the agent answers real calls on (an Asterisk dial string, e.g. PJSIP/agent101), or
 * none. Read when the agent logs in to the line. Two agents never share a phone.
 */
export async function setPhoneEndpoint(
  db: Db,
  ctx: RequestContext,
  id: string,
  endpoint: string | null,
): Promise<UserSummary> {
  return db.transaction().execute(async (tx) => {
    const user = await repo.findUser(tx, { id }, { forUpdate: true });
    if (!user) throw notFound('user', 'id');
    await savePhoneEndpoint(tx, id, endpoint, ctx.clock.now());
    await audit(tx, ctx, { action: 'update', resourceType: 'app_user', resourceId: id, purpose: PURPOSE });
    return { ...user, phoneEndpoint: endpoint };
  });
}

/** The phone an agent answers real calls on, read when they log in to the line (no audit: not patient data). */
export async function phoneEndpointOf(db: Db, userId: string): Promise<string | null> {
  return (await repo.findUser(db, { id: userId }))?.phoneEndpoint ?? null;
}

async function savePhoneEndpoint(db: Db, id: string, endpoint: string | null, now: Date): Promise<void> {
  const phone = endpoint?.trim() || null;
  const owner = phone ? await repo.phoneOwner(db, phone) : null;
  if (owner && owner !== id) throw new AppError('CONFLICT', 'another user has this phone', 'phoneEndpoint');
  await repo.updateUser(db, id, { phone_endpoint: phone }, now);
}

/** A new generated password, returned once; the user's open sessions end. */
export async function resetPassword(
  db: Db,
  ctx: RequestContext,
  id: string,
): Promise<{ user: UserSummary; password: string }> {
  const password = generatePassword();
  const passwordHash = await hash(password);
  return db.transaction().execute(async (tx) => {
    const user = await repo.findUser(tx, { id }, { forUpdate: true });
    if (!user) throw notFound('user', 'id');
    await repo.updateUser(tx, id, { password_hash: passwordHash }, ctx.clock.now());
    await repo.deleteSessionsOf(tx, id);
    await audit(tx, ctx, { action: 'update', resourceType: 'app_user', resourceId: id, purpose: PURPOSE });
    return { user, password };
  });
}

/** The logged-in user replaces their own password (a generated one, typically): the policy applies. */
export async function changeOwnPassword(
  db: Db,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const actor = actorOf(ctx);
  const stored = await repo.passwordHashOf(db, actor.id);
  if (!stored || !(await verify(stored, input.currentPassword))) {
    throw new AppError('INVALID_FIELD', 'the current password is not right', 'currentPassword');
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError('INVALID_FIELD', 'choose a password different from the current one', 'newPassword');
  }
  checkPassword(input.newPassword, actor.username, 'newPassword');
  const passwordHash = await hash(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await repo.updateUser(tx, actor.id, { password_hash: passwordHash }, ctx.clock.now());
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'app_user',
      resourceId: actor.id,
      purpose: 'own password',
    });
  });
}

export const countActiveAdmins = (db: Db) => repo.countActiveAdmins(db);
