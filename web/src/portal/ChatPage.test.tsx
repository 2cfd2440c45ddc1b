import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Call, fakeApi, on, renderApp } from '../test/render.tsx';
import { ChatPage } from './ChatPage.tsx';

const ID = '33333333-3333-4333-8333-333333333333';
const TOKEN = 'tok-0123456789abcdefghijklmnopqrstuvwxyz';
const OPEN = { open: true, nextOpening: null };
const base = {
  id: ID,
  state: 'assistant',
  language: 'it',
  position: null,
  operatorCode: null,
  desk: OPEN,
  outcome: null,
  ticketNumber: null,
  rating: null,
  documentMaxMegabytes: 4,
};
const msg = (seq: number, author: string, body: string, extra: object = {}) => ({
  seq,
  at: '2026-12-07T09:00:00.000Z',
  author,
  body,
  actions: [],
  operatorCode: null,
  ...extra,
});
const FIRST = [
  msg(1, 'citizen', 'devo disdire la visita'),
  msg(2, 'assistant', 'Puoi disdire da solo in "Gestisci una prenotazione".', {
    actions: [
      { kind: 'link', href: '/portale/gestisci', label: 'Gestisci una prenotazione' },
      { kind: 'operator', label: 'Parla con un operatore' },
    ],
  }),
];

beforeEach(() => sessionStorage.clear());
afterEach(() => vi.unstubAllGlobals());

const type = (label: string, text: string) => {
  const box = screen.getByLabelText(label);
  fireEvent.change(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter' });
};

describe("the citizen's chat (CC-10)", () => {
  it('says the assistant is automatic, sends the first message with Enter and shows the way to cancel', async () => {
    const { calls } = fakeApi(
      on('POST', '/api/v1/portal/chat', {
        status: 201,
        body: { id: ID, token: TOKEN, chat: { ...base, lastSeq: 2, messages: FIRST } },
      }),
      on('GET', new RegExp(`/api/v1/portal/chat/${ID}\\?after=\\d+`), {
        body: { ...base, lastSeq: 2, messages: [] },
      }),
    );
    renderApp(<ChatPage />, { route: '/portale/chat' });
    expect(screen.getByRole('note').textContent).toContain("L'assistente non è una persona");
    type('Scrivi di cosa hai bisogno', 'devo disdire la visita');
    const log = await screen.findByRole('log', { name: 'Conversazione' });
    expect(within(log).getByText('devo disdire la visita').closest('li')?.textContent).toContain('Tu');
    expect(within(log).getByRole('link', { name: 'Gestisci una prenotazione' }).getAttribute('href')).toBe(
      '/portale/gestisci',
    );
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      message: 'devo disdire la visita',
      language: 'it',
    });
    // The poll carries the token and asks for what follows the last message it has.
    await vi.waitFor(() => {
      const poll = calls.find((c) => c.method === 'GET');
      expect(poll?.path).toBe(`/api/v1/portal/chat/${ID}?after=2`);
      expect(poll?.headers['x-chat-token']).toBe(TOKEN);
    });
    expect(JSON.parse(sessionStorage.getItem('sportello.chat')!)).toEqual({ id: ID, token: TOKEN });
  });

  it('queues the citizen, tells their place, then who answers by the operator’s code', async () => {
    sessionStorage.setItem('sportello.chat', JSON.stringify({ id: ID, token: TOKEN }));
    let state: 'assistant' | 'waiting' | 'active' = 'assistant';
    fakeApi(
      on('POST', `/api/v1/portal/chat/${ID}/operator`, () => {
        state = 'waiting';
        return {
          body: {
            ...base,
            state,
            position: 1,
            lastSeq: 3,
            messages: [msg(3, 'system', 'Ti metto in coda.')],
          },
        };
      }),
      on('GET', new RegExp(`/api/v1/portal/chat/${ID}\\?after=`), (c: Call) => {
        const after = Number(new URL(c.path, 'http://x').searchParams.get('after'));
        if (state === 'assistant') return { body: { ...base, lastSeq: 2, messages: after < 2 ? FIRST : [] } };
        if (state === 'waiting') {
          state = 'active';
          return { body: { ...base, state: 'waiting', position: 1, lastSeq: 3, messages: [] } };
        }
        return {
          body: {
            ...base,
            state: 'active',
            operatorCode: 'OP7',
            lastSeq: 4,
            messages: after < 4 ? [msg(4, 'agent', 'Buongiorno, mi dica.', { operatorCode: 'OP7' })] : [],
          },
        };
      }),
    );
    renderApp(<ChatPage />, { route: '/portale/chat' });
    const log = await screen.findByRole('log');
    await within(log).findByText('devo disdire la visita');
    fireEvent.click(within(log).getByRole('button', { name: 'Parla con un operatore' }));
    expect(await screen.findByText('Sei in coda: posizione 1. Resta su questa pagina.')).toBeTruthy();
    expect(await screen.findByText("Ti risponde l'operatore OP7.", {}, { timeout: 5000 })).toBeTruthy();
    const answer = await within(log).findByText('Buongiorno, mi dica.');
    expect(answer.closest('li')?.textContent).toContain('Operatore OP7');
  });

  it('HD-3: in the queue, sends a chosen document in base64 and says a refusal on the picker', async () => {
    sessionStorage.setItem('sportello.chat', JSON.stringify({ id: ID, token: TOKEN }));
    const waiting = { ...base, state: 'waiting', position: 2 };
    let tries = 0;
    const { calls } = fakeApi(
      on('GET', new RegExp(`/api/v1/portal/chat/${ID}\\?after=`), {
        body: { ...waiting, lastSeq: 2, messages: [] },
      }),
      on('POST', `/api/v1/portal/chat/${ID}/documents`, () =>
        ++tries === 1
          ? {
              status: 422,
              body: {
                error: {
                  code: 'INVALID_FIELD',
                  field: 'document',
                  message: 'ricetta.exe: type not accepted',
                },
              },
            }
          : {
              body: {
                ...waiting,
                lastSeq: 3,
                messages: [
                  msg(3, 'citizen', 'Documento inviato: ricetta.pdf (1 kB)', {
                    attachment: { filename: 'ricetta.pdf', contentType: 'application/pdf', size: 13 },
                  }),
                ],
              },
            },
      ),
    );
    renderApp(<ChatPage />, { route: '/portale/chat' });
    const picker = await screen.findByLabelText('Invia un documento all’operatore (ad esempio la ricetta)');
    // The limit the server gives (HELPDESK_ATTACHMENT_MAX_MB), not one written in the page.
    expect(screen.getByText(/fino a 4 MB, al massimo 5/)).toBeTruthy();
    fireEvent.change(picker, { target: { files: [new File(['MZ'], 'ricetta.exe', { type: '' })] } });
    expect(await screen.findByText(/Documento non accettato/)).toBeTruthy();
    expect(picker.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(picker, {
      target: { files: [new File(['%PDF-1.4 test'], 'ricetta.pdf', { type: 'application/pdf' })] },
    });
    const log = screen.getByRole('log');
    expect(await within(log).findByText('Documento inviato: ricetta.pdf (1 kB)')).toBeTruthy();
    // The citizen's side has no download link: the document is for the operator.
    expect(within(log).queryByRole('link')).toBeNull();
    const posts = calls.filter((c) => c.path.endsWith('/documents'));
    expect(posts.map((c) => c.body)).toEqual([
      { filename: 'ricetta.exe', contentType: 'application/octet-stream', content: btoa('MZ'), after: 2 },
      { filename: 'ricetta.pdf', contentType: 'application/pdf', content: btoa('%PDF-1.4 test'), after: 2 },
    ]);
    expect(posts[0]!.headers['x-chat-token']).toBe(TOKEN);
  });

  it('offers no document picker before an operator is asked for', async () => {
    sessionStorage.setItem('sportello.chat', JSON.stringify({ id: ID, token: TOKEN }));
    fakeApi(
      on('GET', new RegExp(`/api/v1/portal/chat/${ID}\\?after=`), {
        body: { ...base, lastSeq: 2, messages: FIRST },
      }),
    );
    renderApp(<ChatPage />, { route: '/portale/chat' });
    await within(await screen.findByRole('log')).findByText('devo disdire la visita');
    expect(screen.queryByLabelText(/Invia un documento/)).toBeNull();
  });

  it('out of hours takes a written request, naming a wrong e-mail on its field', async () => {
    sessionStorage.setItem('sportello.chat', JSON.stringify({ id: ID, token: TOKEN }));
    const closedDesk = { open: false, nextOpening: '2026-12-09T07:00:00.000Z' };
    const { calls } = fakeApi(
      on('GET', new RegExp(`/api/v1/portal/chat/${ID}\\?after=`), {
        body: {
          ...base,
          desk: closedDesk,
          lastSeq: 3,
          messages: [...FIRST, msg(3, 'system', 'Ora gli operatori non sono in servizio.')],
        },
      }),
      on('POST', `/api/v1/portal/chat/${ID}/request`, (c: Call) =>
        (c.body as { email: string }).email.includes('@')
          ? {
              body: {
                ...base,
                state: 'closed',
                outcome: 'message-left',
                ticketNumber: '#12',
                desk: closedDesk,
                lastSeq: 5,
                messages: [msg(5, 'system', 'Abbiamo ricevuto la tua richiesta (pratica #12).')],
              },
            }
          : { status: 422, body: { error: { code: 'INVALID_FIELD', message: 'bad', field: 'email' } } },
      ),
    );
    renderApp(<ChatPage />, { route: '/portale/chat' });
    expect(await screen.findByRole('heading', { name: 'Lascia una richiesta scritta' })).toBeTruthy();
    expect(screen.getByText(/Gli operatori sono di nuovo in servizio/).textContent).toContain('09/12/2026');
    fireEvent.change(screen.getByLabelText('Indirizzo e-mail per la risposta'), {
      target: { value: 'mario' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Invia la richiesta' }));
    const email = screen.getByLabelText('Indirizzo e-mail per la risposta');
    await vi.waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/Scrivi un indirizzo e-mail valido/)).toBeTruthy();
    fireEvent.change(email, { target: { value: 'mario@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Invia la richiesta' }));
    expect(
      await screen.findByText('Richiesta ricevuta: pratica #12. Ti risponderemo per e-mail.'),
    ).toBeTruthy();
    expect(calls.filter((c) => c.path.endsWith('/request')).at(-1)?.body).toEqual({
      email: 'mario@example.org',
      after: 3,
    });
  });

  it('asks for a rating once the chat has ended, and sends it', async () => {
    sessionStorage.setItem('sportello.chat', JSON.stringify({ id: ID, token: TOKEN }));
    let rated = false;
    const ended = { ...base, state: 'closed', outcome: 'answered', lastSeq: 6 };
    const { calls } = fakeApi(
      on('GET', new RegExp(`/api/v1/portal/chat/${ID}\\?after=`), () => ({
        body: { ...ended, rating: rated ? 4 : null, messages: [] },
      })),
      on('POST', `/api/v1/portal/chat/${ID}/close`, () => {
        rated = true;
        return { body: { ...ended, rating: 4, messages: [] } };
      }),
    );
    renderApp(<ChatPage />, { route: '/portale/chat' });
    fireEvent.click(await screen.findByLabelText('4 – buona'));
    fireEvent.click(screen.getByRole('button', { name: 'Invia la valutazione' }));
    expect(await screen.findByText('Grazie per la tua valutazione.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ after: 6, rating: 4 });
    fireEvent.click(screen.getByRole('button', { name: 'Nuova chat' }));
    expect(screen.getByLabelText('Scrivi di cosa hai bisogno')).toBeTruthy();
    expect(sessionStorage.getItem('sportello.chat')).toBeNull();
  });

  it('says when the conversation cannot be reached, and clears it when it comes back', async () => {
    sessionStorage.setItem('sportello.chat', JSON.stringify({ id: ID, token: TOKEN }));
    let polls = 0;
    fakeApi(
      on('GET', new RegExp(`/api/v1/portal/chat/${ID}\\?after=`), () => {
        polls++;
        if (polls === 2)
          return { status: 503, body: { error: { code: 'UNAVAILABLE', message: 'database unavailable' } } };
        return { body: { ...base, lastSeq: 2, messages: polls === 1 ? FIRST : [] } };
      }),
    );
    renderApp(<ChatPage />, { route: '/portale/chat' });
    await screen.findByRole('log');
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(alert.textContent).toBeTruthy();
    await vi.waitFor(() => expect(screen.queryByRole('alert')).toBeNull(), { timeout: 5000 });
    expect(screen.getByRole('log').textContent).toContain('devo disdire la visita');
  });
});
