import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import type { Messages } from './api.ts';
import { MessagesPage } from './MessagesPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const day: Messages = {
  label: 'simulazione',
  from: '2026-12-07',
  to: '2026-12-07',
  counts: { pending: 1, delivered: 2 },
  items: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      kind: 'reminder',
      channel: 'sms',
      recipient: '•••4567',
      text: 'Promemoria PRN-AB12-CD34: Visita cardiologica…',
      status: 'pending',
      attempts: 0,
      segments: null,
      // 08:00 in Rome: the sending window opens.
      sendAfter: '2026-12-07T07:00:00.000Z',
      submittedAt: null,
      deliveredAt: null,
      error: null,
      createdAt: '2026-12-06T23:30:00.000Z',
    },
  ],
  replies: [
    {
      channel: 'sms',
      sender: '•••4567',
      text: 'ANNULLA PRN-AB12-CD34',
      receivedAt: '2026-12-07T08:00:00.000Z',
      intent: 'cancel',
      outcome: 'cancelled',
    },
  ],
};

describe('the messages page', () => {
  it('labels the simulation, counts by state and shows replies in Italian on the Rome clock', async () => {
    fakeApi(on('GET', /^\/api\/v1\/outreach\/messages\?from=\d{4}-\d\d-\d\d&to=/, { body: day }));
    renderApp(<MessagesPage />);
    expect(await screen.findByRole('note')).toHaveTextContent('Simulazione');
    const counts = screen.getByTestId('message-counts');
    expect(counts).toHaveTextContent('In attesa: 1');
    expect(counts).toHaveTextContent('Consegnato: 2');
    expect(counts).toHaveTextContent('Non consegnato: 0');
    const sent = screen.getByRole('table', { name: 'Messaggi inviati ai pazienti' });
    expect(within(sent).getByText('dalle 07/12/2026, 08:00:00')).toBeInTheDocument();
    const replies = screen.getByRole('table', { name: 'Risposte dei pazienti' });
    expect(within(replies).getByText('Appuntamento disdetto')).toBeInTheDocument();
    expect(within(replies).getByText('Disdetta')).toBeInTheDocument();
  });

  it('shows an App IO message as the citizen reads it, and the SMS held for it', async () => {
    const io = {
      ...day.items[0]!,
      id: '00000000-0000-4000-8000-0000000000a1',
      channel: 'io' as const,
      recipient: '•••501U',
      text: '---\nit:\n  cta_1:\n    text: "Conferma o disdici"\n    action: "iohandledlink://https://cup.example/l/x"\n---\nTi ricordiamo la prenotazione PRN-AB12-CD34.',
      status: 'submitted' as const,
    };
    const held = { ...day.items[0]!, id: '00000000-0000-4000-8000-0000000000a2', status: 'held' as const };
    fakeApi(on('GET', /^\/api\/v1\/outreach\/messages\?/, { body: { ...day, items: [io, held] } }));
    renderApp(<MessagesPage />);
    const sent = await screen.findByRole('table', { name: 'Messaggi inviati ai pazienti' });
    const [, ioRow, heldRow] = within(sent).getAllByRole('row');
    expect(ioRow).toHaveTextContent('Promemoria (App IO)');
    expect(ioRow).toHaveTextContent('Ti ricordiamo la prenotazione PRN-AB12-CD34.');
    expect(ioRow).not.toHaveTextContent('cta_1');
    expect(heldRow).toHaveTextContent('Promemoria (SMS)');
    expect(heldRow).toHaveTextContent('In riserva (se App IO non lo consegna)');
  });

  it('shows the first 50 messages, more on request, and asks the server for one state', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      ...day.items[0]!,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    const { calls } = fakeApi(
      on('GET', /^\/api\/v1\/outreach\/messages\?/, { body: { ...day, items: many } }),
    );
    const user = userEvent.setup();
    renderApp(<MessagesPage />);
    const sent = await screen.findByRole('table', { name: 'Messaggi inviati ai pazienti' });
    expect(within(sent).getAllByRole('row')).toHaveLength(51);
    await user.click(screen.getByRole('button', { name: 'Mostra altri 10' }));
    expect(within(sent).getAllByRole('row')).toHaveLength(61);
    await user.selectOptions(screen.getByLabelText('Stato'), 'Non consegnato');
    await vi.waitFor(() => expect(calls.at(-1)!.path).toMatch(/&status=failed$/));
  });
});
