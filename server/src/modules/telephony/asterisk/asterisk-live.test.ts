import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until as waitFor } from '../../../../test/until.ts';
import { PROMPT_AUDIO_PATH, PromptAudio } from '../audio/prompt-audio.ts';
import type { SwitchEvent } from '../port/telephony.port.ts';
import { AriRest } from './ari.ts';
import { AsteriskSwitch } from './asterisk-switch.ts';

/*
 * Issue 15: the adapter against a real Asterisk 22/23 configured with docs/deploy/asterisk (its
 * `sportello-test-*` contexts). Skipped unless ASTERISK_ARI_URL is set. Local channels play the people:
 * the caller (dials the line, waits, keys 1), the operator's phone (answers, or never does) and the
 * person called back (answers, or is busy for numbers starting with 0). The Stasis application is
 * `sportello-test`, so a Sportello running on the same Asterisk is not disturbed.
 *
 *   ASTERISK_ARI_URL       http://127.0.0.1:8088
 *   ASTERISK_ARI_USER      sportello (default)
 *   ASTERISK_ARI_PASSWORD  change-me (default)
 *   ASTERISK_PROMPTS_HOST  where Asterisk reaches this machine for the prompts' audio (default 127.0.0.1)
 */
const url = process.env.ASTERISK_ARI_URL;
const APP = 'sportello-test';
const LINE = '848821821';

describe.skipIf(!url)('the ARI adapter against a real Asterisk (ASTERISK_ARI_URL)', () => {
  const settings = {
    url: url ?? '',
    user: process.env.ASTERISK_ARI_USER ?? 'sportello',
    password: process.env.ASTERISK_ARI_PASSWORD ?? 'change-me',
    app: APP,
  };
  const rest = new AriRest(settings);
  let port: AsteriskSwitch;
  let http: Server;
  let fetched = 0;
  let dir: string;
  const events: SwitchEvent[] = [];

  const until = (check: () => boolean | Promise<boolean>, what: string, seconds = 20) =>
    waitFor(check, what, seconds, 100);
  const of = <T extends SwitchEvent['type']>(type: T, callId?: string) =>
    events.filter(
      (e): e is Extract<SwitchEvent, { type: T }> =>
        e.type === type && (callId === undefined || e.callId === callId),
    );
  const exists = async (channelId: string) =>
    rest.request('GET', `/channels/${encodeURIComponent(channelId)}`).then(
      () => true,
      () => false,
    );

  /** A caller on the line (the Local channel's first half runs the caller's dialplan); our call's id. */
  async function caller(behaviour = 'key1'): Promise<{ callId: string; callerLeg: string }> {
    const before = of('call-offered').length;
    const leg = (await rest.request('POST', '/channels', {
      endpoint: `Local/${LINE}@sportello-test-lines/n`,
      context: 'sportello-test-caller',
      extension: behaviour,
      priority: 1,
      callerId: '3331234567',
      timeout: 30,
    })) as { id: string };
    await until(() => of('call-offered').length > before, 'the call offered');
    return { callId: of('call-offered').at(-1)!.callId, callerLeg: leg.id };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ari-live-'));
    http = createServer((req, res) => {
      const key = (req.url ?? '').slice(`${PROMPT_AUDIO_PATH}/`.length, -'.wav'.length);
      void prompts.audio(key).then((wav) => {
        fetched++;
        if (!wav) res.writeHead(404).end();
        else res.writeHead(200, { 'content-type': 'audio/wav' }).end(wav);
      });
    });
    await new Promise<void>((r) => http.listen(0, '0.0.0.0', r));
    const host = process.env.ASTERISK_PROMPTS_HOST ?? '127.0.0.1';
    const prompts = new PromptAudio({
      baseUrl: `http://${host}:${(http.address() as AddressInfo).port}`,
      recordingsDir: join(dir, 'recordings'),
      cacheDir: join(dir, 'cache'),
    });
    port = new AsteriskSwitch({
      ...settings,
      trunk: 'Local/{number}@sportello-test-callees/n',
      agentEndpoint: (agentId) =>
        agentId === 'answers'
          ? 'Local/agent@sportello-test-agents/n'
          : agentId === 'deaf'
            ? 'Local/noanswer@sportello-test-agents/n'
            : null,
      promptMedia: (p) => prompts.media(p),
      ringSeconds: 5,
    });
    port.connect((e) => events.push(e));
    // The application exists once its events WebSocket is connected.
    await until(
      () =>
        rest.request('GET', `/applications/${APP}`).then(
          () => true,
          () => false,
        ),
      'the application registered',
    );
  });
  afterAll(async () => {
    port?.close();
    await new Promise((r) => http?.close(r));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('offers the call from the line, plays a prompt fetched over HTTP, hears the key, bridges an answering phone', async () => {
    const { callId, callerLeg } = await caller();
    expect(of('call-offered', callId)[0]).toMatchObject({ dialledNumber: LINE, callerId: '3331234567' });
    port.execute({ type: 'answer', callId });
    port.execute({
      type: 'play',
      callId,
      prompt: { id: 'menu', text: 'Per prenotare prema uno.', input: { keys: '1', maxDigits: 1 } },
    });
    await until(() => of('digits', callId).length > 0, 'the key 1');
    expect(of('digits', callId)[0]!.digits).toBe('1');
    expect(fetched).toBeGreaterThan(0);
    port.execute({ type: 'hold', callId });
    port.execute({ type: 'bridge', callId, agentId: 'answers' });
    await until(async () => {
      const bridges = (await rest.request('GET', '/bridges')) as { channels: string[] }[];
      return bridges.some((b) => b.channels.includes(callId) && b.channels.length === 2);
    }, 'the caller and the phone in one bridge');
    port.execute({ type: 'hang-up', callId, cause: 'normal' });
    await until(async () => !(await exists(callerLeg)), "the caller's leg gone");
    expect(of('hang-up', callId)).toEqual([]); // ordered by the engine: not reported back
  });

  it('reports a phone that never answers, and keeps the caller on the line', async () => {
    const { callId, callerLeg } = await caller();
    port.execute({ type: 'answer', callId });
    port.execute({ type: 'hold', callId });
    port.execute({ type: 'bridge', callId, agentId: 'deaf' });
    await until(() => of('agent-hang-up', callId).length > 0, 'the phone given up', 20);
    expect(of('agent-hang-up', callId)).toEqual([{ type: 'agent-hang-up', callId, answered: false }]);
    expect(await exists(callerLeg)).toBe(true);
    // The caller hangs up: reported.
    await rest.request('DELETE', `/channels/${encodeURIComponent(callerLeg)}`);
    await until(() => of('hang-up', callId).length > 0, "the caller's hang-up");
  });

  it('calls back through the trunk: answered, and busy for a busy number', async () => {
    port.execute({
      type: 'originate',
      callId: `cb-${Date.now()}`,
      to: '3339990001',
      from: LINE,
      tag: 'callback',
    });
    await until(() => of('outbound-answered').length > 0, 'the callback answered');
    const answered = of('outbound-answered')[0]!.callId;
    port.execute({ type: 'hang-up', callId: answered, cause: 'normal' });
    const busy = `cb-busy-${Date.now()}`;
    port.execute({ type: 'originate', callId: busy, to: '0971000000', from: LINE, tag: 'callback' });
    await until(() => of('outbound-failed', busy).length > 0, 'the busy number');
    expect(of('outbound-failed', busy)[0]!.reason).toBe('busy');
  });
});
