import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { ContactsPage } from './ContactsPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const contact = (callId: string, outcome: string | null) => ({
  callId,
  arrivedAt: '2026-11-10T08:00:00.000Z',
  line: '848821821',
  callerId: '+393331234567',
  outcome,
  requestType: 'prenotazione',
  queueId: 'cup',
  durationSeconds: 200,
  talkSeconds: 190,
  agentId: 'ag-101',
  resolvedFirstContact: true,
  escalated: false,
  surveyScore: 4.5,
});

describe('the knowledge database of contacts', () => {
  it('searches with the filters given, pages on, and opens a contact on its events', async () => {
    const { calls } = fakeApi(
      on('GET', /^\/api\/v1\/reporting\/contacts\?(?!.*cursor)/, {
        body: {
          from: '2026-11-01',
          to: '2026-11-30',
          contacts: [contact('a1', 'answered')],
          nextCursor: 'c1',
        },
      }),
      on('GET', /^\/api\/v1\/reporting\/contacts\?.*cursor=c1/, {
        body: { from: '2026-11-01', to: '2026-11-30', contacts: [contact('a2', null)], nextCursor: null },
      }),
      on('GET', '/api/v1/reporting/contacts/a1', {
        body: {
          callId: 'a1',
          callerId: '+393331234567',
          events: [
            {
              id: 1,
              at: '2026-11-10T08:00:03.000Z',
              type: 'ivr.choice',
              callId: 'a1',
              line: null,
              queueId: null,
              agentId: null,
              data: { menu: 'cup/principale', digits: '1', result: 'ok' },
            },
          ],
          messages: [],
        },
      }),
    );
    renderApp(<ContactsPage />);
    fireEvent.change(screen.getByLabelText('Dal'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('Al'), { target: { value: '2026-11-30' } });
    fireEvent.change(screen.getByLabelText('Esito'), { target: { value: 'answered' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cerca' }));
    const row = await screen.findByTestId('contact-row');
    expect(row.textContent).toContain('risposta');
    expect(calls.at(-1)?.path).toBe(
      '/api/v1/reporting/contacts?from=2026-11-01&to=2026-11-30&outcome=answered',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Altri contatti' }));
    await waitFor(() => expect(screen.getAllByTestId('contact-row').length).toBe(2));
    expect(screen.getAllByTestId('contact-row')[1]!.textContent).toContain('in corso');
    fireEvent.click(within(row).getByRole('button'));
    const detail = await screen.findByTestId('contact-detail');
    expect(await within(detail).findByText(/menu=cup\/principale, digits=1, result=ok/)).toBeTruthy();
  });

  it('marks the field the server refuses', async () => {
    fakeApi(
      on('GET', /^\/api\/v1\/reporting\/contacts\?/, {
        status: 422,
        body: {
          error: { code: 'INVALID_FIELD', message: 'no patient has this fiscal code', field: 'fiscalCode' },
        },
      }),
    );
    renderApp(<ContactsPage />);
    fireEvent.change(screen.getByLabelText('Codice fiscale del paziente'), {
      target: { value: 'RSSMRA80A01H501U' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Cerca' }));
    await screen.findByRole('alert');
    expect(screen.getByLabelText('Codice fiscale del paziente').className).toContain('is-invalid');
  });
});
