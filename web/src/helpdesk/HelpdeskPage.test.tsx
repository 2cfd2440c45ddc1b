import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import type { Ticket } from './api.ts';
import { HelpdeskPage } from './HelpdeskPage.tsx';

afterEach(() => vi.unstubAllGlobals());

const me = { id: 'u-bo', username: 'backoffice', roles: ['backoffice'], operatorCode: null };
const queues = [
  { id: 'cup', name: 'CUP e prenotazioni', level: 1, works: true },
  { id: 'fse', name: 'Fascicolo sanitario elettronico', level: 1, works: true },
];
const ticket = (over: Partial<Ticket>): Ticket => ({
  id: '7',
  number: '#7',
  queue: 'fse',
  queueName: 'Fascicolo sanitario elettronico',
  level: 1,
  state: 'new',
  channel: 'email',
  subject: 'Referto non visibile',
  requester: { name: 'Maria Rossi', email: 'maria@example.it', phone: null },
  patientId: null,
  fiscalCode: null,
  callId: null,
  receivedAt: '2026-11-10T09:00:00.000Z',
  dueAt: '2026-11-11T09:00:00.000Z',
  clock: {
    budgetMinutes: 1440,
    usedMinutes: 200,
    remainingMinutes: 1240,
    paused: false,
    breached: false,
    warning: false,
  },
  resolvedAt: null,
  closedAt: null,
  moves: ['open', 'pending-citizen', 'pending-third-party', 'resolved'],
  pec: null,
  callback: null,
  referral: null,
  mergedInto: null,
  links: [],
  messages: [],
  attachments: [],
  history: [
    {
      id: '1',
      at: '2026-11-10T09:00:00.000Z',
      kind: 'created',
      actor: 'Operatore',
      fromState: null,
      toState: 'new',
      fromLevel: null,
      toLevel: null,
      body: 'Il referto non compare.',
    },
  ],
  ...over,
});

describe('help desk page', { timeout: 20_000 }, () => {
  it('lists tickets with their clock in words, opens one and moves it, announcing the new state', async () => {
    const late = ticket({
      id: '5',
      number: '#5',
      subject: 'Bollo',
      clock: {
        budgetMinutes: 1440,
        usedMinutes: 1500,
        remainingMinutes: -60,
        paused: false,
        breached: true,
        warning: false,
      },
    });
    const soon = ticket({
      id: '6',
      number: '#6',
      subject: 'Attestato',
      clock: {
        budgetMinutes: 1440,
        usedMinutes: 1140,
        remainingMinutes: 300,
        paused: false,
        breached: false,
        warning: true,
      },
    });
    const { calls } = fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/helpdesk/queues', { body: { queues } }),
      on('GET', '/api/v1/helpdesk/tickets', { body: { tickets: [late, soon, ticket({})] } }),
      on('GET', '/api/v1/helpdesk/tickets/7', { body: ticket({}) }),
      on('POST', '/api/v1/helpdesk/tickets/7/actions', (c) => ({
        body: ticket({
          state: 'pending-citizen',
          moves: ['open', 'resolved'],
          clock: {
            budgetMinutes: 1440,
            usedMinutes: 200,
            remainingMinutes: 1240,
            paused: true,
            breached: false,
            warning: false,
          },
          ...(c.body as object),
        }),
      })),
    );
    const user = userEvent.setup();
    renderApp(<HelpdeskPage />);
    const table = await screen.findByTestId('tickets');
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('in ritardo di 1 h 0 min');
    // HD-6: warned before the breach, in words.
    expect(rows[2]).toHaveTextContent('in scadenza');
    expect(rows[2]).toHaveTextContent('restano 5 h 0 min');
    expect(rows[3]).toHaveTextContent('restano 20 h 40 min');
    expect(rows[3]).not.toHaveTextContent('in scadenza');
    await user.click(screen.getByRole('button', { name: 'Apri il ticket #7: Referto non visibile' }));
    const detail = await screen.findByTestId('ticket');
    await waitFor(() => expect(within(detail).getByRole('heading', { level: 2 })).toHaveFocus());
    expect(within(detail).getByTestId('ticket-history')).toHaveTextContent('Il referto non compare.');
    await user.click(within(detail).getByRole('button', { name: 'Segna: in attesa del cittadino' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ type: 'move', to: 'pending-citizen' }),
    );
    expect(await screen.findByTestId('announcer')).toHaveTextContent('Ticket #7: in attesa del cittadino.');
    expect(within(detail).getByTestId('ticket-clock')).toHaveTextContent('in pausa');
  });

  it('opens a ticket from a scanned letter, sending the file base64-encoded, and shows a refused one on its field', async () => {
    let refuse = true;
    const api = fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/helpdesk/queues', { body: { queues } }),
      on('GET', '/api/v1/helpdesk/tickets', { body: { tickets: [] } }),
      on('POST', '/api/v1/helpdesk/tickets', () =>
        refuse
          ? {
              status: 422,
              body: {
                error: {
                  code: 'INVALID_FIELD',
                  message: 'lettera.pdf: the virus scan found it infected',
                  field: 'documents.0',
                },
              },
            }
          : { status: 201, body: ticket({ id: '9', number: '#9', channel: 'letter' }) },
      ),
      on('GET', '/api/v1/helpdesk/tickets/9', { body: ticket({ id: '9', number: '#9', channel: 'letter' }) }),
    );
    const user = userEvent.setup();
    renderApp(<HelpdeskPage />);
    await user.click(await screen.findByRole('button', { name: 'Nuovo ticket' }));
    await user.selectOptions(screen.getByLabelText('Canale'), 'letter');
    await user.type(screen.getByRole('textbox', { name: 'Oggetto' }), 'Ricorso bollo');
    await user.type(screen.getByRole('textbox', { name: /Richiesta/ }), 'Lettera del contribuente.');
    const file = new File(['%PDF-1.4 lettera'], 'lettera.pdf', { type: 'application/pdf' });
    const input = screen.getByLabelText(/Documenti/);
    await user.upload(input, file);
    await user.click(screen.getByRole('button', { name: 'Apri il ticket' }));
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
    expect(input).toHaveAccessibleDescription(/antivirus/);
    refuse = false;
    await user.click(screen.getByRole('button', { name: 'Apri il ticket' }));
    await waitFor(() =>
      expect(
        api.calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/helpdesk/tickets'),
      ).toHaveLength(2),
    );
    const sent = api.calls.filter((c) => c.method === 'POST').at(-1)!.body as {
      channel: string;
      documents: object[];
    };
    expect(sent.channel).toBe('letter');
    expect(sent.documents).toEqual([
      {
        filename: 'lettera.pdf',
        contentType: 'application/pdf',
        content: Buffer.from('%PDF-1.4 lettera').toString('base64'),
      },
    ]);
  });

  it("puts a template's text into the answer, and merges and links the citizen's other tickets", async () => {
    const other = {
      id: '8',
      number: '#8',
      subject: 'Sollecito referto',
      state: 'open',
      level: 1,
      queueName: 'Fascicolo sanitario elettronico',
      channel: 'email',
      receivedAt: '2026-11-10T10:00:00.000Z',
    };
    const merged = ticket({
      links: [
        {
          id: '8',
          number: '#8',
          subject: 'Sollecito referto',
          state: 'closed',
          level: 1,
          relation: 'merged',
        },
      ],
    });
    const api = fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/helpdesk/queues', { body: { queues } }),
      on('GET', '/api/v1/helpdesk/tickets', { body: { tickets: [ticket({})] } }),
      on('GET', '/api/v1/helpdesk/tickets/7', { body: ticket({}) }),
      on('GET', '/api/v1/helpdesk/tickets/7/macros', {
        body: {
          macros: [
            {
              id: '1',
              title: 'Presa in carico',
              body: 'Gentile {{nome}}, la richiesta {{numero}} è in carico.',
              text: 'Gentile Maria Rossi, la richiesta #7 è in carico.',
              queue: null,
              archived: false,
              updatedAt: '2026-11-01T10:00:00.000Z',
            },
          ],
        },
      }),
      on('GET', '/api/v1/helpdesk/tickets/7/citizen-tickets', { body: { tickets: [other] } }),
      on('POST', '/api/v1/helpdesk/tickets/8/merge', { body: merged }),
      on('POST', '/api/v1/helpdesk/tickets/7/links', {
        body: ticket({ links: [{ ...other, state: 'open', level: 1, relation: 'linked' }] }),
      }),
    );
    const user = userEvent.setup();
    renderApp(<HelpdeskPage />);
    await user.click(await screen.findByRole('button', { name: /Apri il ticket #7/ }));
    const detail = await screen.findByTestId('ticket');
    await user.selectOptions(await within(detail).findByLabelText('Risposta predefinita'), 'Presa in carico');
    expect(within(detail).getByRole('textbox', { name: 'Messaggio al cittadino' })).toHaveValue(
      'Gentile Maria Rossi, la richiesta #7 è in carico.',
    );

    const contacts = within(detail).getByTestId('citizen-contacts');
    await user.click(await within(contacts).findByRole('button', { name: 'Collega il ticket #8' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'POST' && c.path.endsWith('/7/links'))?.body).toEqual({
        ticket: '8',
      }),
    );
    await user.click(within(contacts).getByRole('button', { name: 'Unisci qui il duplicato #8' }));
    // Merging asks first, in place.
    expect(api.calls.some((c) => c.path.endsWith('/merge'))).toBe(false);
    await user.click(within(contacts).getByRole('button', { name: 'Unisci' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.path === '/api/v1/helpdesk/tickets/8/merge')?.body).toEqual({
        into: '7',
      }),
    );
    expect(await within(detail).findByTestId('ticket-links')).toHaveTextContent('Duplicato unito: #8');
  });

  it('sends a merged duplicate on to the ticket it joined, without its actions', async () => {
    fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/helpdesk/queues', { body: { queues } }),
      on('GET', '/api/v1/helpdesk/tickets', { body: { tickets: [ticket({ id: '8', number: '#8' })] } }),
      on('GET', '/api/v1/helpdesk/tickets/8', {
        body: ticket({ id: '8', number: '#8', state: 'closed', mergedInto: '7', moves: ['open'] }),
      }),
      on('GET', '/api/v1/helpdesk/tickets/8/citizen-tickets', { body: { tickets: [] } }),
      on('GET', '/api/v1/helpdesk/tickets/7', { body: ticket({}) }),
      on('GET', '/api/v1/helpdesk/tickets/7/citizen-tickets', { body: { tickets: [] } }),
      on('GET', /\/api\/v1\/helpdesk\/tickets\/\d+\/macros/, { body: { macros: [] } }),
    );
    const user = userEvent.setup();
    renderApp(<HelpdeskPage />);
    await user.click(await screen.findByRole('button', { name: /Apri il ticket #8/ }));
    const banner = await screen.findByTestId('ticket-merged');
    expect(banner).toHaveTextContent('unito nel ticket #7');
    expect(within(screen.getByTestId('ticket')).queryByRole('button', { name: /Invia risposta/ })).toBeNull();
    await user.click(within(banner).getByRole('button', { name: 'Apri #7' }));
    await waitFor(() => expect(screen.getByTestId('ticket')).toHaveTextContent('#7'));
  });

  it('lets a supervisor write an answer template, showing a refused placeholder on its field', async () => {
    let attempt = 0;
    const api = fakeApi(
      on('GET', '/api/v1/auth/me', { body: { ...me, roles: ['supervisor'] } }),
      on('GET', '/api/v1/helpdesk/queues', { body: { queues } }),
      on('GET', '/api/v1/helpdesk/tickets', { body: { tickets: [] } }),
      on('GET', '/api/v1/helpdesk/macros', { body: { macros: [] } }),
      on('POST', '/api/v1/helpdesk/macros', (c) =>
        ++attempt === 1
          ? {
              status: 422,
              body: {
                error: { code: 'INVALID_FIELD', message: 'unknown placeholder {{importo}}', field: 'body' },
              },
            }
          : {
              status: 201,
              body: {
                id: '1',
                ...(c.body as object),
                archived: false,
                updatedAt: '2026-12-03T09:00:00.000Z',
              },
            },
      ),
    );
    const user = userEvent.setup();
    renderApp(<HelpdeskPage />);
    const panel = await screen.findByTestId('macros');
    await user.click(within(panel).getByText('Risposte predefinite (modelli)'));
    await user.click(within(panel).getByRole('button', { name: 'Nuovo modello' }));
    await user.type(within(panel).getByRole('textbox', { name: 'Titolo' }), 'Rimborso');
    await user.selectOptions(within(panel).getByLabelText('Coda'), 'fse');
    const body = within(panel).getByRole('textbox', { name: 'Testo' });
    await user.type(body, 'Gentile {{{{nome}}, importo {{{{importo}}');
    await user.click(within(panel).getByRole('button', { name: 'Salva il modello' }));
    await waitFor(() => expect(body).toHaveAttribute('aria-invalid', 'true'));
    expect(body).toHaveAccessibleDescription(/segnaposto che non esiste/);
    await user.click(within(panel).getByRole('button', { name: 'Salva il modello' }));
    await waitFor(() => expect(attempt).toBe(2));
    expect(api.calls.filter((c) => c.method === 'POST').at(-1)!.body).toEqual({
      title: 'Rimborso',
      body: 'Gentile {{nome}}, importo {{importo}}',
      queue: 'fse',
      archived: false,
    });
  });

  it('works the inbox from the keyboard: next and previous ticket, the answer and the note', async () => {
    fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/helpdesk/queues', { body: { queues } }),
      on('GET', '/api/v1/helpdesk/tickets', {
        body: { tickets: [ticket({}), ticket({ id: '8', number: '#8', subject: 'Secondo' })] },
      }),
      on('GET', '/api/v1/helpdesk/tickets/7', { body: ticket({}) }),
      on('GET', '/api/v1/helpdesk/tickets/8', {
        body: ticket({ id: '8', number: '#8', subject: 'Secondo' }),
      }),
      on('GET', /citizen-tickets$/, { body: { tickets: [] } }),
      on('GET', /macros$/, { body: { macros: [] } }),
    );
    const user = userEvent.setup();
    renderApp(<HelpdeskPage />);
    await screen.findByTestId('tickets');
    await user.keyboard('{Alt>}j{/Alt}');
    expect(await screen.findByRole('heading', { name: /#7/ })).toHaveFocus();
    await user.keyboard('{Alt>}j{/Alt}');
    await waitFor(() => expect(screen.getByRole('heading', { name: /#8 · Secondo|#8/ })).toHaveFocus());
    expect(screen.getByRole('button', { name: /Apri il ticket #8/ }).closest('tr')).toHaveAttribute(
      'aria-current',
      'true',
    );
    await user.keyboard('{Alt>}i{/Alt}');
    expect(screen.getByRole('textbox', { name: 'Messaggio al cittadino' })).toHaveFocus();
    await user.keyboard('{Alt>}m{/Alt}');
    expect(screen.getByRole('textbox', { name: /Nota interna/i })).toHaveFocus();
    await user.keyboard('{Alt>}k{/Alt}');
    await waitFor(() => expect(screen.getByRole('heading', { name: /#7/ })).toHaveFocus());
    await user.keyboard('{Alt>}s{/Alt}');
    expect(screen.getAllByLabelText('Coda')[0]).toHaveFocus();
  });

  it('sends a case to an outside department with its address, and shows the tracked link', async () => {
    const second = { ...me, roles: ['second-level'] };
    const atTwo = ticket({ level: 2 });
    const api = fakeApi(
      on('GET', '/api/v1/auth/me', { body: second }),
      on('GET', '/api/v1/helpdesk/queues', { body: { queues } }),
      on('GET', '/api/v1/helpdesk/tickets', { body: { tickets: [atTwo] } }),
      on('GET', '/api/v1/helpdesk/tickets/7', { body: atTwo }),
      on('GET', /citizen-tickets$/, { body: { tickets: [] } }),
      on('GET', /macros$/, { body: { macros: [] } }),
      on('POST', '/api/v1/helpdesk/tickets/7/actions', {
        body: ticket({
          level: 3,
          state: 'pending-third-party',
          referral: {
            department: 'Motorizzazione civile',
            email: 'mctc@example.gov.it',
            sentAt: '2026-11-10T10:00:00.000Z',
            expiresAt: '2026-12-10T10:00:00.000Z',
            openedAt: null,
            answeredAt: null,
          },
        }),
      }),
    );
    const user = userEvent.setup();
    renderApp(<HelpdeskPage />);
    await user.click(await screen.findByRole('button', { name: /Apri il ticket #7/ }));
    const detail = await screen.findByTestId('ticket');
    await user.type(within(detail).getByRole('textbox', { name: /Perché il livello/ }), 'Competenza MCTC');
    await user.type(
      within(detail).getByRole('textbox', { name: 'Ufficio esterno (terzo livello)' }),
      'Motorizzazione civile',
    );
    await user.type(
      within(detail).getByRole('textbox', { name: "E-mail dell'ufficio esterno" }),
      'mctc@example.gov.it',
    );
    await user.click(within(detail).getByRole('button', { name: 'Passa al livello superiore' }));
    expect(await within(detail).findByTestId('ticket-referral')).toHaveTextContent(
      'Inoltrato a Motorizzazione civile (mctc@example.gov.it)',
    );
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      type: 'escalate',
      level: 3,
      reason: 'Competenza MCTC',
      department: 'Motorizzazione civile',
      departmentEmail: 'mctc@example.gov.it',
    });
  });

  it('lets the back office read but not work a queue that has its own staff', async () => {
    fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/helpdesk/queues', { body: { queues: [{ ...queues[1]!, works: false }] } }),
      on('GET', '/api/v1/helpdesk/tickets', { body: { tickets: [ticket({})] } }),
      on('GET', '/api/v1/helpdesk/tickets/7', { body: ticket({}) }),
      on('GET', /citizen-tickets$/, { body: { tickets: [] } }),
      on('GET', /macros$/, { body: { macros: [] } }),
    );
    const user = userEvent.setup();
    renderApp(<HelpdeskPage />);
    await user.click(await screen.findByRole('button', { name: /Apri il ticket #7/ }));
    expect(await screen.findByTestId('ticket-not-staff')).toHaveTextContent(
      'Fascicolo sanitario elettronico',
    );
    expect(within(screen.getByTestId('ticket')).queryByRole('button', { name: /^Segna/ })).toBeNull();
  });

  it('shows a refused escalation on its field', async () => {
    fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/helpdesk/queues', { body: { queues } }),
      on('GET', '/api/v1/helpdesk/tickets', { body: { tickets: [ticket({})] } }),
      on('GET', '/api/v1/helpdesk/tickets/7', { body: ticket({}) }),
      on('POST', '/api/v1/helpdesk/tickets/7/actions', {
        status: 422,
        body: {
          error: {
            code: 'INVALID_FIELD',
            message: 'say why the level below cannot solve it',
            field: 'reason',
          },
        },
      }),
    );
    const user = userEvent.setup();
    renderApp(<HelpdeskPage />);
    await user.click(await screen.findByRole('button', { name: /Apri il ticket #7/ }));
    const detail = await screen.findByTestId('ticket');
    await user.click(within(detail).getByRole('button', { name: 'Passa al livello superiore' }));
    const reason = within(detail).getByRole('textbox', {
      name: 'Perché il livello attuale non può risolverlo',
    });
    await waitFor(() => expect(reason).toHaveAttribute('aria-invalid', 'true'));
    expect(reason).toHaveAccessibleDescription(/say why|perché|motivo/i);
  });

  it('lets a supervisor read a ticket but not work it', async () => {
    fakeApi(
      on('GET', '/api/v1/auth/me', { body: { ...me, username: 'supervisore', roles: ['supervisor'] } }),
      on('GET', '/api/v1/helpdesk/queues', { body: { queues } }),
      on('GET', '/api/v1/helpdesk/tickets', { body: { tickets: [ticket({})] } }),
      on('GET', '/api/v1/helpdesk/tickets/7', { body: ticket({}) }),
    );
    const user = userEvent.setup();
    renderApp(<HelpdeskPage />);
    await user.click(await screen.findByRole('button', { name: /Apri il ticket #7/ }));
    const detail = await screen.findByTestId('ticket');
    expect(within(detail).getByTestId('ticket-state')).toHaveTextContent('nuovo');
    expect(within(detail).queryByRole('button', { name: /^Segna/ })).toBeNull();
    expect(within(detail).queryByRole('button', { name: 'Passa al livello superiore' })).toBeNull();
  });

  it('shows the e-mail thread with its attachments, and resolves a ticket by sending the outcome to the citizen', async () => {
    const threaded = ticket({
      messages: [
        {
          id: '11',
          direction: 'in',
          kind: 'ticket',
          from: 'maria@example.it',
          to: 'fse@regione.example',
          subject: 'Referto non visibile',
          body: 'Il referto non compare.',
          at: '2026-11-10T09:00:00.000Z',
          status: 'done',
          threadLayer: null,
          label: null,
          error: null,
        },
        {
          id: '12',
          direction: 'out',
          kind: 'acknowledgement',
          from: 'fse@regione.example',
          to: 'maria@example.it',
          subject: '[Sportello #7] Referto non visibile',
          body: 'La sua richiesta è stata registrata.',
          at: '2026-11-10T09:00:05.000Z',
          status: 'sent',
          threadLayer: null,
          label: 'simulazione',
          error: null,
        },
      ],
      attachments: [
        {
          id: '3',
          messageId: '11',
          filename: 'referto.pdf',
          contentType: 'application/pdf',
          size: 20480,
          sha256: 'a',
          refused: null,
          scan: 'clean',
        },
        {
          id: '4',
          messageId: '11',
          filename: 'virus.exe',
          contentType: 'application/octet-stream',
          size: 100,
          sha256: 'b',
          refused: 'type not accepted (.exe)',
          scan: 'refused',
        },
      ],
    });
    const { calls } = fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/helpdesk/queues', { body: { queues } }),
      on('GET', '/api/v1/helpdesk/tickets', { body: { tickets: [threaded] } }),
      on('GET', '/api/v1/helpdesk/tickets/7', { body: threaded }),
      on('POST', '/api/v1/helpdesk/tickets/7/actions', {
        body: ticket({ state: 'resolved', moves: ['open', 'closed'] }),
      }),
    );
    const user = userEvent.setup();
    renderApp(<HelpdeskPage />);
    await user.click(await screen.findByRole('button', { name: /Apri il ticket #7/ }));
    const thread = await screen.findByTestId('ticket-thread');
    expect(thread).toHaveTextContent('Ricevuta automatica');
    expect(thread).toHaveTextContent('simulazione');
    expect(within(thread).getByRole('link', { name: 'referto.pdf' })).toHaveAttribute(
      'href',
      '/api/v1/helpdesk/tickets/7/attachments/3',
    );
    expect(thread).toHaveTextContent('virus.exe — non conservato: type not accepted (.exe)');
    const detail = screen.getByTestId('ticket');
    // From the first level up the resolution carries the outcome: no bare "resolved" button.
    expect(within(detail).queryByRole('button', { name: 'Segna: risolto' })).toBeNull();
    await user.type(
      within(detail).getByRole('textbox', { name: 'Messaggio al cittadino' }),
      'Il referto ora è visibile.',
    );
    await user.click(within(detail).getByRole('button', { name: "Risolvi e invia l'esito" }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        type: 'move',
        to: 'resolved',
        reply: 'Il referto ora è visibile.',
      }),
    );
  });
});
