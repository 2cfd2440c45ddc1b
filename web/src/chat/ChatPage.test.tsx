import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Call, fakeApi, on, renderApp } from '../test/render.tsx';
import { ChatPage } from './ChatPage.tsx';
import { waited } from './labels.ts';

const A = '44444444-4444-4444-8444-444444444444';
const B = '55555555-5555-4555-8555-555555555555';
const desk = { open: true, nextOpening: null };
const msg = (seq: number, author: string, body: string, operatorCode: string | null = null) => ({
  seq,
  at: '2026-12-07T09:00:00.000Z',
  author,
  body,
  actions: [],
  operatorCode,
});
const chat = (over: object) => ({
  id: A,
  state: 'active',
  language: 'it',
  topic: 'move',
  startedAt: '2026-12-07T08:58:00.000Z',
  queuedAt: '2026-12-07T08:59:00.000Z',
  acceptedAt: '2026-12-07T09:00:00.000Z',
  closedAt: null,
  closedBy: null,
  outcome: null,
  ticketNumber: null,
  operatorCode: 'OP3',
  mine: true,
  citizenSeenAt: '2026-12-07T09:00:00.000Z',
  lastSeq: 3,
  messages: [],
  ...over,
});

afterEach(() => vi.unstubAllGlobals());

describe("the operators' chat desk (CC-10)", () => {
  it('writes a wait as m:ss', () => {
    expect(waited(0)).toBe('0:00');
    expect(waited(75)).toBe('1:15');
    expect(waited(3725)).toBe('1:02:05');
  });

  it('answers the chat waiting longest, writes with Enter and passes it to the back office', async () => {
    let accepted = false;
    const { calls } = fakeApi(
      on('GET', '/api/v1/chat/queue', () => ({
        body: {
          desk,
          maxPerAgent: 3,
          onCall: false,
          activeTotal: accepted ? 1 : 0,
          waiting: accepted
            ? [
                {
                  id: B,
                  language: 'en',
                  topic: null,
                  queuedAt: '2026-12-07T09:00:00.000Z',
                  waitedSeconds: 20,
                },
              ]
            : [
                {
                  id: A,
                  language: 'it',
                  topic: 'move',
                  queuedAt: '2026-12-07T08:59:00.000Z',
                  waitedSeconds: 75,
                },
                {
                  id: B,
                  language: 'en',
                  topic: null,
                  queuedAt: '2026-12-07T09:00:00.000Z',
                  waitedSeconds: 20,
                },
              ],
          mine: accepted
            ? [
                {
                  id: A,
                  language: 'it',
                  topic: 'move',
                  acceptedAt: '2026-12-07T09:00:00.000Z',
                  lastSeq: 3,
                  lastAuthor: 'system',
                },
              ]
            : [],
        },
      })),
      on('POST', `/api/v1/chat/${A}/accept`, () => {
        accepted = true;
        return {
          body: chat({
            messages: [
              msg(1, 'citizen', 'Devo spostare la visita'),
              {
                ...msg(2, 'citizen', 'Documento inviato: impegnativa.pdf (12 kB)'),
                attachment: { filename: 'impegnativa.pdf', contentType: 'application/pdf', size: 12_000 },
              },
              msg(3, 'system', "Ti risponde l'operatore OP3."),
            ],
          }),
        };
      }),
      on('GET', new RegExp(`/api/v1/chat/${A}\\?after=`), { body: chat({}) }),
      on('POST', `/api/v1/chat/${A}/messages`, (c: Call) => ({
        body: chat({
          lastSeq: 4,
          messages: [msg(4, 'agent', (c.body as { message: string }).message, 'OP3')],
        }),
      })),
      on('GET', '/api/v1/helpdesk/queues', {
        body: {
          queues: [
            { id: 'cup', name: 'CUP e prenotazioni', level: 1 },
            { id: 'fse', name: 'Fascicolo', level: 1 },
          ],
        },
      }),
      on('POST', `/api/v1/chat/${A}/ticket`, {
        body: chat({ lastSeq: 5, ticketNumber: '#41', messages: [msg(5, 'system', 'pratica #41')] }),
      }),
    );
    renderApp(<ChatPage />, { route: '/chat' });
    expect(await screen.findByText('In attesa (2)')).toBeTruthy();
    const first = screen.getByRole('button', { name: 'Rispondi alla chat 1 in attesa (Spostamento)' });
    expect(first.closest('li')?.textContent).toContain('in attesa da 1:15');
    expect(
      screen.getByRole('button', { name: 'Rispondi alla chat 2 in attesa (Argomento non riconosciuto)' }),
    ).toBeTruthy();
    fireEvent.click(first);

    const log = await screen.findByRole('log', { name: 'Conversazione' });
    expect(within(log).getByText('Devo spostare la visita').closest('li')?.textContent).toContain(
      'Cittadino',
    );
    expect(screen.getByRole('heading', { name: 'Conversazione: Spostamento' })).toBeTruthy();
    // HD-3: the document the citizen sent, downloaded by the operator (the session's cookie goes with it).
    const doc = within(log).getByRole('link', { name: 'Scarica il documento impegnativa.pdf' });
    expect(doc.getAttribute('href')).toBe(`/api/v1/chat/${A}/documents/2`);
    expect(doc.getAttribute('download')).toBe('impegnativa.pdf');

    const box = screen.getByLabelText('La tua risposta');
    fireEvent.change(box, { target: { value: 'Buongiorno, mi dia il codice.' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(await within(log).findByText('Buongiorno, mi dia il codice.')).toBeTruthy();
    expect(calls.find((c) => c.path === `/api/v1/chat/${A}/messages`)?.body).toEqual({
      message: 'Buongiorno, mi dia il codice.',
      after: 3,
    });
    await vi.waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(''));

    fireEvent.click(screen.getByRole('button', { name: 'Passa al back office' }));
    await screen.findByRole('option', { name: 'Fascicolo' });
    fireEvent.change(screen.getByLabelText('Coda di competenza'), { target: { value: 'fse' } });
    fireEvent.change(screen.getByLabelText('Oggetto'), { target: { value: 'Spostamento senza codice' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apri la pratica' }));
    expect(await screen.findByText(/pratica #41/, { selector: 'p.small' })).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/ticket'))?.body).toEqual({
      queue: 'fse',
      subject: 'Spostamento senza codice',
      after: 4,
    });
  });

  it('marks a chat of mine where the citizen wrote last, and says when hands are full', async () => {
    fakeApi(
      on('GET', '/api/v1/chat/queue', {
        body: {
          desk,
          maxPerAgent: 1,
          onCall: false,
          activeTotal: 1,
          waiting: [
            { id: B, language: 'it', topic: 'pay', queuedAt: '2026-12-07T09:00:00.000Z', waitedSeconds: 5 },
          ],
          mine: [
            {
              id: A,
              language: 'it',
              topic: 'book',
              acceptedAt: '2026-12-07T09:00:00.000Z',
              lastSeq: 6,
              lastAuthor: 'citizen',
            },
          ],
        },
      }),
    );
    renderApp(<ChatPage />, { route: '/chat' });
    const mine = await screen.findByRole('button', { name: 'Prenotazione · IT' });
    expect(mine.closest('li')?.textContent).toContain('nuovo messaggio');
    expect(
      screen
        .getByRole('button', { name: 'Rispondi alla chat 1 in attesa (Pagamento)' })
        .hasAttribute('disabled'),
    ).toBe(true);
    expect(screen.getByText('Hai già 1 chat aperte: chiudine una per rispondere a un’altra.')).toBeTruthy();
  });

  it('on a call: says so, takes no new chat, and names a refusal by the line as the call', async () => {
    let onCall = true;
    fakeApi(
      on('GET', '/api/v1/chat/queue', () => ({
        body: {
          desk,
          maxPerAgent: 3,
          onCall,
          activeTotal: 0,
          waiting: [
            { id: B, language: 'it', topic: 'pay', queuedAt: '2026-12-07T09:00:00.000Z', waitedSeconds: 5 },
          ],
          mine: [],
        },
      })),
      on('POST', `/api/v1/chat/${B}/accept`, {
        status: 409,
        body: { error: { code: 'INVALID_STATE', message: 'you are on a call', field: 'call' } },
      }),
    );
    renderApp(<ChatPage />, { route: '/chat' });
    const take = await screen.findByRole('button', { name: 'Rispondi alla chat 1 in attesa (Pagamento)' });
    expect(take.hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('status').textContent).toContain('Sei al telefono');
    // The line's state changed between two reads: the server's refusal says why, in words.
    onCall = false;
    const enabled = await screen.findByRole(
      'button',
      { name: 'Rispondi alla chat 1 in attesa (Pagamento)' },
      {},
    );
    await vi.waitFor(() => expect(enabled.hasAttribute('disabled')).toBe(false), { timeout: 5000 });
    fireEvent.click(enabled);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sei al telefono: prendi la chat quando la chiamata è finita.');
  });
});
