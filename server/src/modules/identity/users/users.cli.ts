import type { Command } from 'commander';
import type { Clock } from '../../../platform/clock.ts';
import { ROLES, type Role, systemContext } from '../../../platform/context.ts';
import type { DatabaseHandle, Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import * as users from './users.service.ts';

// `sportello user …` (issue 9 §8): how a deployment on PostgreSQL gets its first admin without any demo
// password, and how an admin without the web app manages accounts. Same service, same audit as the API.

export interface Out {
  write(text: string): void;
}

const cliContext = (clock: Clock, command: string) => ({
  ...systemContext(clock, `cli:user-${command}`),
  purpose: 'user administration (command line)',
});

export async function userAdd(
  db: Db,
  clock: Clock,
  opts: { username: string; name?: string; role: string[]; operatorCode?: string; password?: string },
  out: Out,
): Promise<void> {
  const { user, password, generated } = await users.addUser(db, cliContext(clock, 'add'), {
    username: opts.username,
    displayName: opts.name ?? opts.username,
    roles: opts.role as Role[],
    operatorCode: opts.operatorCode,
    password: opts.password,
  });
  out.write(`Added ${user.username} (${user.roles.join(', ')}).\n`);
  if (generated) out.write(`Password, shown only now: ${password}\n`);
}

export async function userSetActive(
  db: Db,
  clock: Clock,
  username: string,
  active: boolean,
  out: Out,
): Promise<void> {
  const user = await users.getUser(db, { username });
  await users.setActive(db, cliContext(clock, active ? 'enable' : 'disable'), user.id, active);
  out.write(`${user.username} ${active ? 'enabled' : 'disabled'}.\n`);
}

export async function userResetPassword(db: Db, clock: Clock, username: string, out: Out): Promise<void> {
  const user = await users.getUser(db, { username });
  const { password } = await users.resetPassword(db, cliContext(clock, 'reset-password'), user.id);
  out.write(`New password for ${user.username}, shown only now: ${password}\n`);
}

export async function userRoles(db: Db, clock: Clock, username: string, roles: string[], out: Out) {
  const user = await users.getUser(db, { username });
  const updated = await users.setRoles(db, cliContext(clock, 'roles'), user.id, roles);
  out.write(`${updated.username}: ${updated.roles.join(', ')}.\n`);
}

export async function userList(db: Db, opts: { json?: boolean }, out: Out): Promise<void> {
  const list = await users.listUsers(db);
  if (opts.json) {
    out.write(`${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  const rows = list.map((u) => [
    u.username,
    u.displayName,
    u.roles.join(','),
    u.active ? 'active' : 'disabled',
    u.singleSignOn ? 'sso' : 'local',
  ]);
  const header = ['username', 'name', 'roles', 'state', 'login'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows])
    out.write(
      `${r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  if (list.length === 0)
    out.write('No users yet: `sportello user add <username> --role admin` adds the first admin.\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `user add|disable|enable|reset-password|roles|list`; `open` gives the migrated database. */
export function registerUserCommands(
  program: Command,
  open: () => Promise<{ handle: Pick<DatabaseHandle, 'db' | 'close'>; clock: Clock }>,
  io: { out: Out; readStdin: () => Promise<string> } = {
    out: { write: (s) => process.stdout.write(s) },
    readStdin,
  },
): void {
  const run =
    <A extends unknown[]>(fn: (db: Db, clock: Clock, ...args: A) => Promise<void>) =>
    async (...args: A) => {
      const { handle, clock } = await open();
      try {
        await fn(handle.db, clock, ...args);
      } finally {
        await handle.close();
      }
    };
  const out = io.out;
  const user = program.command('user').description('manage staff accounts (no demo passwords)');

  user
    .command('add <username>')
    .description('add an account; its password is generated and shown once (unless --password-stdin)')
    .option('--name <display name>', 'the name shown in the app (default: the username)')
    .option('--role <role>', `a role, repeatable: ${ROLES.join(', ')}`, collect, [] as string[])
    .option('--operator-code <code>', 'the operator code announced to callers (contact centre)')
    .option('--password-stdin', 'read the password from standard input instead (the policy applies)')
    .action(
      run(
        async (
          db,
          clock,
          username: string,
          opts: { name?: string; role: string[]; operatorCode?: string; passwordStdin?: boolean },
        ) => {
          if (opts.role.length === 0) throw new AppError('INVALID_FIELD', 'give at least one --role', 'role');
          const password = opts.passwordStdin ? await io.readStdin() : undefined;
          await userAdd(db, clock, { ...opts, username, password }, out);
        },
      ),
    );
  user
    .command('disable <username>')
    .description('disable an account and end its sessions')
    .action(run((db, clock, username: string) => userSetActive(db, clock, username, false, out)));
  user
    .command('enable <username>')
    .description('enable a disabled account')
    .action(run((db, clock, username: string) => userSetActive(db, clock, username, true, out)));
  user
    .command('reset-password <username>')
    .description('replace the password with a generated one, shown once; ends its sessions')
    .action(run((db, clock, username: string) => userResetPassword(db, clock, username, out)));
  user
    .command('roles <username> <roles...>')
    .description("set an account's roles")
    .action(
      run((db, clock, username: string, roles: string[]) => userRoles(db, clock, username, roles, out)),
    );
  user
    .command('list')
    .description('list the accounts')
    .option('--json', 'as JSON')
    .action(run((db, _clock, opts: { json?: boolean }) => userList(db, opts, out)));
}
