import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../../test/databases.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { systemContext } from '../../../platform/context.ts';
import { isAppError } from '../test-support.ts';
import * as users from './users.service.ts';

describe.each(DRIVERS)('user administration on $name', ({ create }) => {
  let t: TestDatabase;
  const clock = new ManualClock('2026-12-03T09:00:00Z');
  const ctx = { ...systemContext(clock, 'test'), purpose: 'user administration' };

  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => t?.drop());

  const hashOf = async (username: string) =>
    (
      await t.db
        .selectFrom('app_user')
        .select('password_hash')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).password_hash;

  it('adds a user with a generated password stored only as an argon2id hash, and audits it', async () => {
    const { user, password, generated } = await users.addUser(t.db, ctx, {
      username: 'mrossi',
      displayName: 'Maria Rossi',
      roles: ['operator', 'operator'],
      operatorCode: 'OP-77',
    });
    expect(generated).toBe(true);
    expect(user).toMatchObject({
      username: 'mrossi',
      roles: ['operator'],
      active: true,
      singleSignOn: false,
    });
    const stored = await hashOf('mrossi');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain(password);
    expect(await verify(stored, password)).toBe(true);
    const audit = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('resource_id', '=', user.id)
      .execute();
    expect(audit).toMatchObject([
      { action: 'create', resource_type: 'app_user', purpose: 'user administration' },
    ]);
  });

  it('refuses a taken username or operator code naming the field, and a weak given password', async () => {
    await expect(
      users.addUser(t.db, ctx, { username: 'mrossi', displayName: 'Other', roles: ['operator'] }),
    ).rejects.toSatisfy(isAppError('CONFLICT', 'username'));
    await expect(
      users.addUser(t.db, ctx, {
        username: 'gbianchi',
        displayName: 'G',
        roles: ['operator'],
        operatorCode: 'OP-77',
      }),
    ).rejects.toSatisfy(isAppError('CONFLICT', 'operatorCode'));
    await expect(
      users.addUser(t.db, ctx, {
        username: 'gbianchi',
        displayName: 'G',
        roles: ['operator'],
        password: 'Password2024!',
      }),
    ).rejects.toSatisfy(isAppError('INVALID_FIELD', 'password'));
    await expect(
      users.addUser(t.db, ctx, { username: 'Bad Name', displayName: 'G', roles: ['operator'] }),
    ).rejects.toSatisfy(isAppError('INVALID_FIELD', 'username'));
    const count = await t.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('disabling ends the sessions; the last active admin can be neither disabled nor demoted', async () => {
    const admin = await users.addUser(t.db, ctx, { username: 'capo', displayName: 'Capo', roles: ['admin'] });
    const op = await users.getUser(t.db, { username: 'mrossi' });
    await t.db
      .insertInto('user_session')
      .values({
        token_hash: 'h-op',
        user_id: op.id,
        created_at: clock.now(),
        expires_at: new Date('2027-01-01'),
      })
      .execute();
    await users.setActive(t.db, ctx, op.id, false);
    expect((await users.getUser(t.db, { id: op.id })).active).toBe(false);
    expect(await t.db.selectFrom('user_session').selectAll().where('user_id', '=', op.id).execute()).toEqual(
      [],
    );
    await users.setActive(t.db, ctx, op.id, true);
    expect((await users.getUser(t.db, { id: op.id })).active).toBe(true);

    await expect(users.setActive(t.db, ctx, admin.user.id, false)).rejects.toSatisfy(
      isAppError('INVALID_STATE', 'id'),
    );
    await expect(users.setRoles(t.db, ctx, admin.user.id, ['operator'])).rejects.toSatisfy(
      isAppError('INVALID_STATE', 'roles'),
    );
    // With a second admin, the first may go.
    await users.setRoles(t.db, ctx, op.id, ['operator', 'admin']);
    await users.setActive(t.db, ctx, admin.user.id, false);
    expect((await users.getUser(t.db, { id: admin.user.id })).active).toBe(false);
  });

  it('an admin cannot disable their own account', async () => {
    const me = await users.getUser(t.db, { username: 'mrossi' });
    const own = {
      ...ctx,
      actor: { id: me.id, username: me.username, roles: ['admin' as const], operatorCode: null },
    };
    await expect(users.setActive(t.db, own, me.id, false)).rejects.toSatisfy(
      isAppError('INVALID_STATE', 'id'),
    );
  });

  it('a password reset replaces the hash, returns the new password once and ends the sessions', async () => {
    const op = await users.getUser(t.db, { username: 'mrossi' });
    const before = await hashOf('mrossi');
    await t.db
      .insertInto('user_session')
      .values({
        token_hash: 'h-op2',
        user_id: op.id,
        created_at: clock.now(),
        expires_at: new Date('2027-01-01'),
      })
      .execute();
    const { password } = await users.resetPassword(t.db, ctx, op.id);
    const after = await hashOf('mrossi');
    expect(after).not.toBe(before);
    expect(await verify(after, password)).toBe(true);
    expect(await t.db.selectFrom('user_session').selectAll().where('user_id', '=', op.id).execute()).toEqual(
      [],
    );
  });
});
