import { describe, expect, it } from 'vitest';
import { basilicataCentre, CUP_FLOW, TOSCANA_FLOW, toscanaCentre } from '../config/builtin-config.ts';
import { resolveConfig } from './config.ts';
import { firstChoices, type IvrFlow, type IvrMenu, validateFlow } from './ivr.ts';
import { Harness } from './test-harness.ts';

const queues = new Set(['q1', 'q2']);
const flow = (nodes: IvrFlow['nodes'], start = 'menu'): IvrFlow => ({ id: 'f', name: 'prova', start, nodes });
const menu = { type: 'menu' as const, text: 'Prema 1', options: { '1': 'coda' }, onFailure: 'coda' };
const coda = { type: 'queue' as const, queue: 'q1', requestType: 'booking' as const, priority: 1 };

describe('IVR flow validation (errors name the path)', () => {
  it.each([
    [
      'a missing target',
      flow({ menu: { ...menu, options: { '1': 'altrove' } }, coda }),
      /ivr\.f\.nodes\.menu\.options\.1: "altrove" is not a node/,
    ],
    [
      'a key that is not a keypad key',
      flow({ menu: { ...menu, options: { '12': 'coda' } }, coda }),
      /ivr\.f\.nodes\.menu\.options\.12/,
    ],
    [
      'an option on the repeat key',
      flow({ menu: { ...menu, options: { '*': 'coda' } }, coda }),
      /repeat key/,
    ],
    ['an unknown queue', flow({ menu, coda: { ...coda, queue: 'nessuna' } }), /ivr\.f\.nodes\.coda\.queue/],
    [
      'an unknown request type',
      flow({ menu, coda: { ...coda, requestType: 'pizza' as never } }),
      /ivr\.f\.nodes\.coda\.requestType/,
    ],
    [
      'a priority out of range',
      flow({ menu, coda: { ...coda, priority: 12 } }),
      /ivr\.f\.nodes\.coda\.priority/,
    ],
    [
      'an unreachable node',
      flow({ menu, coda, orfano: { type: 'hang-up', text: 'Ciao' } }),
      /ivr\.f\.nodes\.orfano is never reached/,
    ],
    ['a missing start', flow({ menu, coda }, 'inizio'), /ivr\.f\.start: "inizio"/],
    [
      'messages looping without a key',
      flow(
        { a: { type: 'message', text: 'A', next: 'b' }, b: { type: 'message', text: 'B', next: 'a' } },
        'a',
      ),
      /can never reach a queue|loop/,
    ],
    [
      'a zero timeout',
      flow({ menu: { ...menu, timeoutSeconds: 0 }, coda }),
      /ivr\.f\.nodes\.menu\.timeoutSeconds/,
    ],
  ])('rejects %s', (_what, f, message) => {
    expect(() => validateFlow(f, { queues })).toThrow(message);
  });

  it('accepts the shipped CUP and Toscana menus', () => {
    expect(() => resolveConfig(basilicataCentre())).not.toThrow();
    expect(() => resolveConfig(toscanaCentre())).not.toThrow();
    expect(Object.keys((TOSCANA_FLOW.nodes.principale as { options: object }).options)).toEqual([
      '1',
      '2',
      '3',
      '5',
      '6',
    ]);
    expect(CUP_FLOW.nodes.prenotazione).toMatchObject({ type: 'queue', requestType: 'booking', priority: 2 });
  });
});

describe('IVR at run time', () => {
  it('routes the Toscana menu: key 2 then 1 reaches bookings with top priority', () => {
    const h = new Harness(toscanaCentre());
    const c = h.call('055545454');
    expect(h.prompts(c)).toEqual(['ivr:toscana/benvenuto', 'ivr:toscana/principale']);
    h.press(c, '2');
    h.press(c, '1');
    expect(h.last('call.queued')).toMatchObject({
      queueId: 'cup-prenotazioni',
      requestType: 'booking',
      priority: 2,
    });
    expect(h.events('ivr.choice').map((e) => [e.menu, e.digits, e.result])).toEqual([
      ['toscana/principale', '2', 'ok'],
      ['toscana/prenotazioni', '1', 'ok'],
    ]);
  });

  it.each([
    ['3', 'medicina-legale', 'certificate'],
    ['5', 'casa-comunita', 'community-health'],
    ['6', 'libera-professione', 'private-practice'],
    ['1', 'urp', 'information'],
  ])('Toscana key %s goes to %s', (key, queueId, requestType) => {
    const h = new Harness(toscanaCentre());
    const c = h.call('055545454');
    h.press(c, key);
    expect(h.last('call.queued')).toMatchObject({ queueId, requestType });
  });

  it('says an invalid key is invalid, repeats the menu, and after three failures goes to the fallback', () => {
    const h = new Harness(toscanaCentre());
    const c = h.call('055545454');
    h.press(c, '4');
    expect(h.prompts(c).slice(-2)).toEqual(['ivr-retry', 'ivr:toscana/principale']);
    h.press(c, '*'); // repeat: not a failure
    h.press(c, '9');
    expect(h.events('call.queued')).toHaveLength(0);
    h.advance(10); // third failure: silence
    expect(h.events('ivr.choice').map((e) => e.result)).toEqual(['invalid', 'invalid', 'timeout']);
    expect(h.last('call.queued')).toMatchObject({ queueId: 'urp' });
  });

  it('serves a caller with a closing message alone (self-service)', () => {
    const config = resolveConfig(basilicataCentre());
    const flowWithInfo: IvrFlow = {
      ...CUP_FLOW,
      nodes: {
        ...CUP_FLOW.nodes,
        principale: {
          ...(CUP_FLOW.nodes.principale as IvrMenu),
          options: { ...(CUP_FLOW.nodes.principale as IvrMenu).options, '9': 'orari' },
        },
        orari: { type: 'hang-up', text: 'Il CUP è aperto dal lunedì al venerdì dalle 8 alle 20.' },
      },
    };
    const h = new Harness({ ...config, flows: config.flows.map((f) => (f.id === 'cup' ? flowWithInfo : f)) });
    const c = h.call('848821821');
    h.press(c, '9');
    expect(h.prompts(c).at(-1)).toBe('ivr:cup/orari');
    expect(h.commandsFor(c).at(-1)).toEqual({ type: 'hang-up', callId: c, cause: 'normal' });
    expect(h.last('call.ended')).toMatchObject({ callId: c, outcome: 'self-service' });
  });

  it('ends in the IVR when the caller hangs up there', () => {
    const h = new Harness(basilicataCentre());
    const c = h.call('848821821');
    h.advance(3);
    h.hangUp(c);
    expect(h.last('call.abandoned')).toMatchObject({ stage: 'ivr', queueId: null, position: null });
    expect(h.last('call.ended')).toMatchObject({ outcome: 'abandoned' });
  });
});

describe("a flow's first choices (simulated calls for training)", () => {
  const queueName = (id: string) => `coda ${id}`;

  it("lists the CUP's main menu past its welcome, in key order, in the menu's own words", () => {
    expect(firstChoices(CUP_FLOW, queueName)).toEqual([
      { digits: '1', label: 'Prenotare una visita o un esame' },
      { digits: '2', label: 'Disdire una prenotazione' },
      { digits: '3', label: 'Conoscere le disponibilità' },
      { digits: '4', label: 'Informazioni su ticket, esenzioni e altro' },
    ]);
  });

  it('names a key without words by the queue it leads to, or else by its node; one that queues at once has no key', () => {
    const flow: IvrFlow = {
      id: 'prova',
      name: 'Prova',
      start: 'a',
      nodes: {
        a: { type: 'message', text: 'Benvenuto.', next: 'b' },
        b: { type: 'message', text: 'Attenda.', next: 'menu' },
        menu: {
          type: 'menu',
          text: '…',
          options: { '9': 'coda', '2': 'fine' },
          optionLabels: { '9': 'Un operatore' },
          onFailure: 'coda',
        },
        coda: { type: 'queue', queue: 'q1', requestType: 'booking', priority: 0 },
        fine: { type: 'hang-up', text: 'Arrivederci.' },
      },
    };
    expect(firstChoices(flow, queueName)).toEqual([
      { digits: '2', label: 'fine' },
      { digits: '9', label: 'Un operatore' },
    ]);
    const menu = flow.nodes.menu as IvrMenu;
    menu.optionLabels = {};
    expect(firstChoices(flow, queueName)[1]).toEqual({ digits: '9', label: 'coda q1' });
    expect(firstChoices({ ...flow, start: 'coda' }, queueName)).toEqual([{ digits: '', label: 'coda q1' }]);
    expect(firstChoices({ ...flow, start: 'fine' }, queueName)).toEqual([]);
  });
});
