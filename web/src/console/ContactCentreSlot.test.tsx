import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentConsole, CallCard } from '../contact-centre/types.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { FakeWebSocket } from '../test/websocket.ts';
import { ContactCentreSlot } from './ContactCentreSlot.tsx';

afterEach(() => vi.unstubAllGlobals());

const call: CallCard = {
  callId: 'r1-c7',
  kind: 'call',
  originCallId: null,
  line: '848821821',
  callerId: '+393331234567',
  ivr: [
    {
      menu: 'cup/principale',
      digits: '1',
      result: 'ok',
      menuLabel: 'Menu principale CUP',
      choiceLabel: 'Prenotare una visita o un esame',
    },
  ],
  requestType: 'booking',
  queueId: 'cup-prenotazioni',
  queueName: 'CUP prenotazioni',
  priority: 2,
  arrivedAt: 1_764_000_000_000,
  waitingSince: 1_764_000_010_000,
  waitedMs: 42_000,
  waitedSeconds: 42,
  answeredAt: null,
  operatorCode: null,
  agentId: 'u-1',
  endedAt: null,
  outcomeAt: null,
  finished: false,
  patients: [
    {
      id: 'p-1',
      fiscalCode: 'RSSMRA80A01G942K',
      givenName: 'Mario',
      familyName: 'Rossi',
      birthDate: '1980-01-01',
    },
  ],
};

const agent = (over: Partial<AgentConsole>): AgentConsole => ({
  label: 'simulazione',
  agentId: 'u-1',
  code: '101',
  state: 'ready',
  reason: null,
  since: 0,
  secondsInState: 5,
  wrapUpSecondsLeft: null,
  skills: { 'cup-prenotazioni': 2 },
  pauseReasons: ['accesso', 'pausa', 'formazione', 'mancata-risposta', 'rifiutata'],
  transferQueues: [
    { id: 'cup-disdette', name: 'CUP disdette' },
    { id: 'back-office', name: 'Back office CUP' },
  ],
  call: null,
  logoffPending: null,
  ...over,
});

describe('the contact centre in the console', () => {
  it('answers the call on offer with Alt+L and opens the one patient matching the number', async () => {
    let current = agent({ state: 'offered', call });
    const { calls } = fakeApi(
      on('GET', '/api/v1/contact-centre/agent', () => ({ body: current })),
      on('POST', '/api/v1/contact-centre/agent/answer', () => {
        current = agent({
          state: 'on-call',
          secondsInState: 0,
          call: { ...call, answeredAt: call.arrivedAt + 52_000, operatorCode: '101' },
        });
        return { body: current };
      }),
    );
    const onCaller = vi.fn();
    const onNewCall = vi.fn();
    const user = userEvent.setup();
    renderApp(<ContactCentreSlot onCaller={onCaller} onNewCall={onNewCall} />);

    expect(await screen.findByTestId('agent-state')).toHaveTextContent('chiamata in arrivo');
    expect(screen.getByTestId('request-type')).toHaveTextContent('prenotazione');
    expect(screen.getByTestId('time-waited')).toHaveTextContent('0:42');
    expect(screen.getByTestId('announced-code')).toHaveTextContent('alla risposta');
    // Offered: no outcome yet, and no logging out with a caller on the line.
    expect(screen.queryByRole('button', { name: 'Registra esito' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Esci dalla linea' })).toBeNull();

    await user.keyboard('{Alt>}l{/Alt}');
    await waitFor(() => expect(screen.getByTestId('agent-state')).toHaveTextContent('in conversazione'));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      '/api/v1/contact-centre/agent/answer',
    ]);
    expect(screen.getByTestId('announced-code')).toHaveTextContent('101');
    expect(onCaller).toHaveBeenCalledWith('RSSMRA80A01G942K');
    // The console starts afresh for the new caller, once per call.
    expect(onNewCall).toHaveBeenCalledTimes(1);
    expect(onNewCall.mock.invocationCallOrder[0]).toBeLessThan(onCaller.mock.invocationCallOrder[0]!);
  });

  it('transfers to the back office and records the outcome in the wrap-up', async () => {
    let current = agent({ state: 'on-call', call: { ...call, answeredAt: call.arrivedAt + 52_000 } });
    const { calls } = fakeApi(
      on('GET', '/api/v1/contact-centre/agent', () => ({ body: current })),
      on('POST', '/api/v1/contact-centre/agent/transfer', () => {
        current = agent({ state: 'wrap-up', call: { ...current.call!, finished: true } });
        return { body: current };
      }),
      on('POST', '/api/v1/contact-centre/agent/outcome', () => ({ body: current })),
    );
    const user = userEvent.setup();
    renderApp(<ContactCentreSlot />);

    // The back office is the transfer's default target.
    const target = await screen.findByLabelText('Trasferisci a');
    expect(target).toHaveValue('back-office');
    await user.click(screen.getByRole('button', { name: 'Trasferisci' }));
    await waitFor(() => expect(screen.getByTestId('agent-state')).toHaveTextContent('riordino'));

    await user.selectOptions(screen.getByLabelText('Tipo di richiesta'), 'cancellation');
    await user.click(screen.getByLabelText('Risolta al primo contatto'));
    await user.click(screen.getByLabelText('Passata al back office'));
    await user.type(screen.getByRole('textbox', { name: /^Nota/ }), '  Disdetta da confermare  ');
    await user.click(screen.getByRole('button', { name: 'Registra esito' }));
    expect(await screen.findByText('Esito registrato.', { selector: 'span' })).toBeInTheDocument();
    expect(calls.find((c) => c.path.endsWith('/outcome'))?.body).toEqual({
      requestType: 'cancellation',
      resolvedAtFirstContact: false,
      escalated: true,
      note: 'Disdetta da confermare',
    });
    expect(calls.find((c) => c.path.endsWith('/transfer'))?.body).toEqual({ queueId: 'back-office' });
  });

  it('passes the call to the back office as a help-desk ticket in the chosen queue, and says its number', async () => {
    const current = agent({
      state: 'wrap-up',
      call: { ...call, answeredAt: call.arrivedAt + 5000, finished: true },
    });
    const { calls } = fakeApi(
      on('GET', '/api/v1/contact-centre/agent', () => ({ body: current })),
      on('GET', '/api/v1/helpdesk/queues', {
        body: { queues: [{ id: 'tributi', name: 'Tributi regionali', level: 1, works: true }] },
      }),
      on('POST', '/api/v1/contact-centre/agent/outcome', () => ({
        body: { ...current, openedTicket: { id: '9', number: '#9', queueName: 'Tributi regionali' } },
      })),
    );
    const user = userEvent.setup();
    renderApp(<ContactCentreSlot />);
    await user.click(await screen.findByLabelText('Risolta al primo contatto'));
    await user.click(screen.getByLabelText('Passata al back office'));
    await user.selectOptions(await screen.findByLabelText('Pratica per il back office, coda'), 'tributi');
    await user.type(screen.getByRole('textbox', { name: /^Nota/ }), 'Rimborso bollo pagato due volte');
    await user.click(screen.getByRole('button', { name: 'Registra esito' }));
    expect(await screen.findByTestId('outcome-saved')).toHaveTextContent(
      'Esito registrato. Aperta la pratica #9 in Tributi regionali.',
    );
    expect(calls.find((c) => c.path.endsWith('/outcome'))?.body).toMatchObject({
      escalated: true,
      backOfficeQueue: 'tributi',
      note: 'Rimborso bollo pagato due volte',
    });
  });

  it('refetches its agent when the stream reports a change of this agent, and offers only manual pauses', async () => {
    let current = agent({ state: 'ready' });
    const { calls } = fakeApi(on('GET', '/api/v1/contact-centre/agent', () => ({ body: current })));
    renderApp(<ContactCentreSlot />);
    expect(await screen.findByTestId('agent-state')).toHaveTextContent('pronto');
    const reasons = [...(screen.getByLabelText('Causale di pausa') as HTMLSelectElement).options];
    expect(reasons.map((o) => o.value)).toEqual(['accesso', 'pausa', 'formazione']);

    const socket = FakeWebSocket.instances[0]!;
    const gets = () => calls.filter((c) => c.path === '/api/v1/contact-centre/agent').length;
    // On connecting, the view is read again: what happened before the stream was there is not missed.
    const first = gets();
    socket.receive({ type: 'snapshot', reason: 'connect', snapshot: {}, events: [] });
    await waitFor(() => expect(gets()).toBe(first + 1));
    current = agent({ state: 'offered', call });
    const before = gets();
    // Another agent's change does not concern this console.
    const event = (agentId: string) => ({
      type: 'agent.state',
      at: 0,
      callId: null,
      agentId,
      queueId: null,
      state: 'offered',
    });
    socket.receive({ type: 'snapshot', reason: 'change', snapshot: {}, events: [event('u-2')] });
    socket.receive({ type: 'snapshot', reason: 'change', snapshot: {}, events: [event('u-1')] });
    await waitFor(() => expect(screen.getByTestId('agent-state')).toHaveTextContent('chiamata in arrivo'));
    expect(gets()).toBe(before + 1);
  });

  it("keeps the focus in the bar when the focused button is replaced by the next state's", async () => {
    let current = agent({ state: 'offered', call });
    const answered = { ...call, answeredAt: call.arrivedAt + 52_000, operatorCode: '101' };
    fakeApi(
      on('GET', '/api/v1/contact-centre/agent', () => ({ body: current })),
      on('POST', '/api/v1/contact-centre/agent/answer', () => {
        current = agent({ state: 'on-call', call: answered });
        return { body: current };
      }),
      on('POST', '/api/v1/contact-centre/agent/hang-up', () => {
        current = agent({ state: 'wrap-up', call: { ...answered, finished: true } });
        return { body: current };
      }),
      on('POST', '/api/v1/contact-centre/agent/ready', () => {
        current = agent({ state: 'ready' });
        return { body: current };
      }),
    );
    const onNewCall = vi.fn();
    const user = userEvent.setup();
    renderApp(<ContactCentreSlot onNewCall={onNewCall} />);

    await user.click(await screen.findByRole('button', { name: /^Rispondi/ }));
    const hangUp = await screen.findByRole('button', { name: /^Riaggancia/ });
    await waitFor(() => expect(hangUp).toHaveFocus());
    // Answered from the bar: the console starts afresh but leaves the focus here.
    expect(onNewCall).toHaveBeenCalledWith({ focusInBar: true });

    await user.keyboard('{Enter}');
    const ready = await screen.findByRole('button', { name: /^Fine riordino, pronto/ });
    await waitFor(() => expect(ready).toHaveFocus());

    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('agent-state')).toHaveTextContent('pronto'));
    // No button takes Ready's place: the state itself holds the focus, still in the bar.
    await waitFor(() => expect(screen.getByTestId('agent-state').closest('[data-bar-state]')).toHaveFocus());
  });

  it("reads out the state changes the engine makes by itself, not the operator's own", async () => {
    let current = agent({ state: 'offered', call });
    fakeApi(
      on('GET', '/api/v1/contact-centre/agent', () => ({ body: current })),
      on('POST', '/api/v1/contact-centre/agent/ready', () => {
        current = agent({ state: 'ready' });
        return { body: current };
      }),
    );
    const user = userEvent.setup();
    renderApp(<ContactCentreSlot />);
    const answer = await screen.findByRole('button', { name: /^Rispondi/ });
    answer.focus();
    const socket = FakeWebSocket.instances[0]!;
    const change = () =>
      socket.receive({
        type: 'snapshot',
        reason: 'change',
        snapshot: {},
        events: [{ type: 'agent.state', at: 0, callId: null, agentId: 'u-1', queueId: null, state: '' }],
      });
    socket.receive({ type: 'snapshot', reason: 'connect', snapshot: {}, events: [] });

    // The offer timed out: the engine paused the agent.
    current = agent({ state: 'paused', reason: 'mancata-risposta' });
    change();
    await waitFor(() =>
      expect(screen.getByTestId('announcer')).toHaveTextContent(
        'Chiamata non risposta in tempo: ora sei in pausa (chiamata non risposta).',
      ),
    );
    // The Answer button went away with the focus on it: the focus is on the next step, Ready.
    await waitFor(() => expect(screen.getByRole('button', { name: /^Pronto/ })).toHaveFocus());

    // The operator's own Ready is not read out as the engine's doing.
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('agent-state')).toHaveTextContent('pronto'));
    expect(screen.getByTestId('announcer')).not.toHaveTextContent('Il tuo stato è cambiato');

    // The wrap-up ends by the engine's timer.
    current = agent({ state: 'wrap-up' });
    change();
    await waitFor(() => expect(screen.getByTestId('agent-state')).toHaveTextContent('riordino'));
    current = agent({ state: 'ready' });
    change();
    await waitFor(() =>
      expect(screen.getByTestId('announcer')).toHaveTextContent('Riordino finito: ora sei pronto.'),
    );
  });

  it('says so when the server runs without a contact centre, and the console goes on', async () => {
    fakeApi(
      on('GET', '/api/v1/contact-centre/agent', {
        status: 409,
        body: { error: { code: 'INVALID_STATE', message: 'the contact centre is off' } },
      }),
    );
    renderApp(<ContactCentreSlot />);
    expect(await screen.findByText(/Contact center non attivo/)).toBeInTheDocument();
  });

  it('retries a failed outcome with the same action id, so the server records it once (issue 10 §6)', async () => {
    const current = agent({
      state: 'wrap-up',
      call: { ...call, answeredAt: call.arrivedAt + 52_000, finished: true },
    });
    let tries = 0;
    const { calls } = fakeApi(
      on('GET', '/api/v1/contact-centre/agent', () => ({ body: current })),
      on('POST', '/api/v1/contact-centre/agent/outcome', () =>
        ++tries === 1
          ? { status: 503, body: { error: { code: 'UNAVAILABLE', message: 'cannot be stored now' } } }
          : { body: current },
      ),
    );
    const user = userEvent.setup();
    renderApp(<ContactCentreSlot />);
    await user.selectOptions(await screen.findByLabelText('Tipo di richiesta'), 'booking');
    await user.click(screen.getByRole('button', { name: 'Registra esito' }));
    await waitFor(() => expect(tries).toBe(1));
    await user.click(await screen.findByRole('button', { name: 'Registra esito' }));
    expect(await screen.findByText('Esito registrato.', { selector: 'span' })).toBeInTheDocument();
    const keys = calls.filter((c) => c.path.endsWith('/outcome')).map((c) => c.headers['Idempotency-Key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('shows the IVR choices in words, and warns of a logoff at the end of the call (issue 8 §17)', async () => {
    const words = {
      ...call,
      ivr: [
        {
          menu: 'cup/principale',
          digits: '1',
          result: 'ok',
          menuLabel: 'Menu principale CUP',
          choiceLabel: 'Prenotare una visita o un esame',
        },
      ],
    };
    fakeApi(
      on('GET', '/api/v1/contact-centre/agent', {
        body: agent({ state: 'on-call', call: words, logoffPending: 'app-logout' }),
      }),
    );
    renderApp(<ContactCentreSlot />);
    expect(
      await screen.findByText('Menu principale CUP: Prenotare una visita o un esame'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/cup\/principale/)).toBeNull();
    expect(screen.getByTestId('cc-logoff')).toHaveTextContent(
      "Al termine di questa chiamata sarai disconnesso dalla linea: sei uscito dall'applicazione.",
    );
  });

  it('tells the operator at the next login why the line was left (issue 8 §17)', async () => {
    fakeApi(
      on('GET', '/api/v1/contact-centre/agent', {
        body: agent({ state: 'logged-out', reason: 'stream-lost' }),
      }),
    );
    renderApp(<ContactCentreSlot />);
    expect(await screen.findByTestId('cc-logoff')).toHaveTextContent(
      'Sei stato disconnesso dalla linea: la console è rimasta scollegata per più di un minuto.',
    );
  });

  it('after hang-up: Alt+M to the note, the countdown to the automatic ready, and no outcome twice after a new login', async () => {
    const answered = { ...call, answeredAt: call.arrivedAt + 52_000, finished: true };
    fakeApi(
      on('GET', '/api/v1/contact-centre/agent', () => ({
        body: agent({ state: 'wrap-up', secondsInState: 15, wrapUpSecondsLeft: 45, call: answered }),
      })),
    );
    const user = userEvent.setup();
    const { unmount } = renderApp(<ContactCentreSlot />);
    expect(await screen.findByTestId('wrap-up-left')).toHaveTextContent(/pronto in automatico tra 0:4[45]$/);
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('{Alt>}m{/Alt}');
    expect(screen.getByRole('textbox', { name: /Nota/ })).toHaveFocus();
    unmount();
    vi.unstubAllGlobals();

    // A new login after the outcome was recorded: in the wrap-up the card says so and offers no form…
    let current = agent({ state: 'wrap-up', call: { ...answered, outcomeAt: answered.answeredAt + 90_000 } });
    fakeApi(on('GET', '/api/v1/contact-centre/agent', () => ({ body: current })));
    const again = renderApp(<ContactCentreSlot />);
    expect(await screen.findByTestId('outcome-recorded')).toHaveTextContent(
      'Esito di questa chiamata già registrato.',
    );
    expect(screen.queryByRole('button', { name: 'Registra esito' })).toBeNull();
    again.unmount();
    // … and once ready, nothing of the last call is left to record.
    current = agent({ state: 'ready', call: { ...answered, outcomeAt: answered.answeredAt + 90_000 } });
    renderApp(<ContactCentreSlot />);
    await waitFor(() => expect(screen.getByTestId('agent-state')).toHaveTextContent('pronto'));
    expect(screen.queryByRole('button', { name: 'Registra esito' })).toBeNull();
  });

  it("names the patient served in the outcome, so the call joins the patient's history (issue 14 §8)", async () => {
    const current = agent({
      state: 'wrap-up',
      call: {
        ...call,
        answeredAt: call.arrivedAt + 52_000,
        endedAt: call.arrivedAt + 200_000,
        finished: true,
      },
    });
    const { calls } = fakeApi(
      on('GET', '/api/v1/contact-centre/agent', () => ({ body: current })),
      on('POST', '/api/v1/contact-centre/agent/outcome', () => ({ body: current })),
    );
    const user = userEvent.setup();
    renderApp(
      <ContactCentreSlot servedPatient={{ fiscalCode: 'BNCLRA85M41F839U', name: 'Laura Bianchi' }} />,
    );
    expect(await screen.findByTestId('outcome-patient')).toHaveTextContent(
      'L’esito va nello storico di Laura Bianchi.',
    );
    await user.click(screen.getByRole('button', { name: 'Registra esito' }));
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/outcome'))).toBe(true));
    expect(calls.find((c) => c.path.endsWith('/outcome'))?.body).toMatchObject({
      requestType: 'booking',
      fiscalCode: 'BNCLRA85M41F839U',
    });
  });
});
