import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { FakeOpenAi } from '../../server/test/fake-openai.ts';
import { FISCAL_NUMBER, relyingPartyKeys, startSpidProvider } from '../../server/test/spid-provider.ts';
import { apiAs, SEEDED_NRE } from './data.ts';
import { startMailPeers } from './mail-peers.ts';
import { freePort, ROOT, startServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The help desk's Dovecot (issue 16): the region's mailbox `tributi`, citizens' mailboxes. */
    dovecotPort: number;
  }
}

/** The second Monday of last month (Rome), YYYY-MM-DD: it and the Tuesday after are not both holidays. */
function lastMonthsSecondMonday(): string {
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Rome' });
  const [y, m] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(m === 1 ? y - 1 : y, m === 1 ? 11 : m - 2, 1));
  const monday = 1 + ((8 - first.getUTCDay()) % 7) + 7;
  first.setUTCDate(monday);
  return first.toISOString().slice(0, 10);
}

/** Starts the real server on a fresh embedded database in a temp DATA_DIR and a free port. */
export default async function setup(project: TestProject) {
  // E2E_BASE_URL points the tests at a demo server already running (faster while writing tests).
  if (process.env.E2E_BASE_URL) {
    project.provide('baseUrl', process.env.E2E_BASE_URL.replace(/\/$/, ''));
    return;
  }
  if (!existsSync(path.join(ROOT, 'web/dist/index.html'))) {
    const build = spawnSync('npm', ['run', 'build', '--workspace', 'web'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('building the web app failed');
  }
  mkdirSync(path.join(ROOT, 'e2e/screenshots'), { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sportello-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = path.join(dataDir, 'server.log');
  // Citizens' SPID/CIE login against a real OpenID provider configured as the Italian profile asks.
  const rpKeys = await relyingPartyKeys();
  const spid = await startSpidProvider({
    clientId: 'https://portale.e2e.example',
    redirectUri: `${baseUrl}/api/v1/portal/spid/callback`,
    keys: rpKeys,
  });
  mkdirSync(dataDir, { recursive: true });
  const jwksFile = path.join(dataDir, 'citizen-jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [rpKeys.sig, rpKeys.enc, rpKeys.fed] }));
  // The help desk reads a real IMAP mailbox and answers through a real SMTP server.
  const mail = await startMailPeers();
  // The chat's AI-assisted reception (CC-10) against an OpenAI-compatible server: this "model" reads the
  // pink prescription form as a booking and places nothing else, so the word lists read every other message.
  const model = await new FakeOpenAi((user) => ({
    content: JSON.stringify({ intent: /foglio rosa/i.test(user) ? 'book' : 'unknown' }),
  })).start();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...mail.env,
    CITIZEN_OIDC_ISSUER: spid.issuer,
    CITIZEN_OIDC_CLIENT_ID: 'https://portale.e2e.example',
    CITIZEN_OIDC_REDIRECT_URI: `${baseUrl}/api/v1/portal/spid/callback`,
    CITIZEN_OIDC_JWKS_FILE: jwksFile,
    DATA_DIR: path.join(dataDir, 'db'),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // The contact centre answers only the calls the tests place, with nobody but the tests' agents on
    // the line, at any hour of the day the tests run.
    SIM_AGENTS: '0',
    SIM_TRAFFIC: 'off',
    SIM_HOURS: 'always',
    // The chat's operators answer at any hour the tests run (out of hours is the server's tests' case).
    CHAT_HOURS: 'always',
    CHAT_ASSISTANT_URL: model.url,
    CHAT_ASSISTANT_MODEL: 'e2e-intents',
    // Simulated patients do not answer reminders by themselves: the tests answer through the links.
    SIM_REPLY_CONFIRM: '0',
    SIM_REPLY_CANCEL: '0',
    SIM_REPLY_ACCEPT_OFFER: '0',
  };
  delete env.DATABASE_URL; // always the embedded database, seeded with the demo region and users
  // History for the reports (MR-3): two simulated working days of last month on the CUP line, stored as
  // the live centre stores its events (labelled simulazione).
  const history = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'server/bin/sportello.js'),
      'simulate',
      '--scenario',
      'cup-2013',
      '--days',
      '2',
      '--start',
      lastMonthsSecondMonday(),
      '--store',
    ],
    { cwd: ROOT, env: { ...env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (history.status !== 0) throw new Error('storing a simulated history failed');
  console.log(`e2e: starting the server at ${baseUrl} (first start seeds the demo region; log ${log})`);
  const started = Date.now();
  const server = await startServer(env, baseUrl, log);
  console.log(`e2e: server ready in ${Math.round((Date.now() - started) / 1000)} s`);
  project.provide('baseUrl', baseUrl);
  project.provide('dovecotPort', mail.dovecotPort);
  // The person who logs in with SPID: the first seeded prescription's patient.
  const operator = await apiAs(baseUrl, 'operatore');
  const { fiscalCode } = await operator<{ fiscalCode: string }>('GET', `/api/v1/prescriptions/${SEEDED_NRE}`);
  const p = await operator<{ givenName: string; familyName: string }>(
    'GET',
    `/api/v1/patients/${fiscalCode}`,
  );
  spid.accounts.set('e2e-citizen', {
    [FISCAL_NUMBER]: `TINIT-${fiscalCode}`,
    given_name: p.givenName,
    family_name: p.familyName,
  });
  spid.next = 'e2e-citizen';

  return async () => {
    await server.stop();
    await spid.close();
    await mail.stop();
    await model.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
