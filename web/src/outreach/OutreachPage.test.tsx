import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import type { OutreachSummary, ReofferSummary } from './api.ts';
import { OutreachPage } from './OutreachPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const summary = (from: string, to: string, planned: number): OutreachSummary => ({
  label: 'simulazione',
  from,
  to,
  reminders: { planned, byStatus: { delivered: 3, failed: 1 }, viaAppIo: 2, sparedByAppIo: 1 },
  replies: { confirmed: 2, cancelled: 1, optedOut: 0, notUnderstood: 0, other: 0 },
  attendance: { attended: 4, noShow: 1, unmarked: 2, ahead: 0, cancelled: 1, rate: 0.8 },
});
const reoffer: ReofferSummary = {
  from: '2026-12-01',
  to: '2026-12-01',
  places: { freed: 5, taken: 3, offering: 1, exhausted: 1, withdrawn: 0 },
  offers: { accepted: 3, declined: 2, expired: 1 },
  deepestChain: 2,
};
const ME = { id: 'u1', username: 'responsabile', roles: ['cup-manager'], announcedCode: null };

/** The figure (second cell) of a row of one of the page's tables. */
const figure = (testId: string, label: string) =>
  (
    within(screen.getByTestId(testId)).getByRole('row', {
      name: new RegExp(`^${label}`),
    }) as HTMLTableRowElement
  ).cells[1];

describe('the outreach page', () => {
  it('draws every section from the start and fills it in place, so nothing moves when data comes', async () => {
    fakeApi(
      on('GET', /^\/api\/v1\/outreach\/summary\?/, { body: summary('2026-12-01', '2026-12-01', 7) }),
      on('GET', /^\/api\/v1\/reoffer\/summary\?/, { body: reoffer }),
      on('GET', '/api/v1/campaigns', { body: { items: [] } }),
      on('GET', '/api/v1/auth/me', { body: ME }),
    );
    renderApp(<OutreachPage />);
    // Before any answer: the four tables with their rows, their figures pending and marked busy.
    for (const id of ['outreach-reminders', 'outreach-answers', 'outreach-reoffer', 'outreach-attendance'])
      expect(screen.getByTestId(id)).toHaveAttribute('aria-busy', 'true');
    expect(figure('outreach-reminders', 'Preparati')).toHaveTextContent('…');
    expect(screen.getAllByRole('status')[0]).toHaveTextContent('Caricamento…');
    // The simulation notice takes the loading line's place; the figures fill their cells.
    expect(await screen.findByRole('note')).toHaveTextContent('Simulazione');
    await waitFor(() => expect(figure('outreach-reminders', 'Preparati')).toHaveTextContent('7'));
    await waitFor(() => expect(figure('outreach-reoffer', 'Posti liberati')).toHaveTextContent('5'));
    expect(screen.getByTestId('outreach-reminders')).not.toHaveAttribute('aria-busy');
    expect(figure('outreach-reminders', 'Consegnati su App IO')).toHaveTextContent('2');
    expect(figure('outreach-reminders', 'SMS ed e-mail risparmiati grazie ad App IO')).toHaveTextContent('1');
    expect(figure('outreach-attendance', 'Tasso di presenza')).toHaveTextContent('80');
    // The form to make a campaign comes after the list, once the list is there.
    expect(await screen.findByText('Nuova campagna')).toBeInTheDocument();
  });

  it('keeps the figures on screen, marked busy, while another period loads', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const { fetchMock } = fakeApi(
      on('GET', /^\/api\/v1\/reoffer\/summary\?/, { body: reoffer }),
      on('GET', '/api/v1/campaigns', { body: { items: [] } }),
      on('GET', '/api/v1/auth/me', { body: ME }),
      on('GET', /^\/api\/v1\/outreach\/summary\?/, (c) => {
        const from = /from=([\d-]+)/.exec(c.path)![1]!;
        const to = /to=([\d-]+)/.exec(c.path)![1]!;
        return { body: summary(from, to, from === to ? 7 : 30) };
      }),
    );
    const plain = fetchMock.getMockImplementation()!;
    // The second period's figures wait until released.
    fetchMock.mockImplementation(async (input, init) => {
      if (String(input).includes('/outreach/summary') && !/from=(\S+)&to=\1$/.test(String(input))) await held;
      return plain(input, init);
    });
    renderApp(<OutreachPage />);
    await waitFor(() => expect(figure('outreach-reminders', 'Preparati')).toHaveTextContent('7'));
    const from = screen.getByLabelText('Dal');
    fireEvent.change(from, { target: { value: '2026-11-01' } });
    // The old figures stay while the new ones load, and the section says it is busy.
    await waitFor(() =>
      expect(screen.getByTestId('outreach-reminders').closest('.row')).toHaveAttribute('aria-busy', 'true'),
    );
    expect(figure('outreach-reminders', 'Preparati')).toHaveTextContent('7');
    release();
    await waitFor(() => expect(figure('outreach-reminders', 'Preparati')).toHaveTextContent('30'));
    expect(screen.getByTestId('outreach-reminders').closest('.row')).not.toHaveAttribute('aria-busy');
  });

  it('shows the error instead of tables that would wait for ever when the figures cannot be had', async () => {
    fakeApi(
      on('GET', /^\/api\/v1\/outreach\/summary\?/, {
        status: 503,
        body: { error: { code: 'UNAVAILABLE', message: 'x' } },
      }),
      on('GET', /^\/api\/v1\/reoffer\/summary\?/, { body: reoffer }),
      on('GET', '/api/v1/campaigns', { body: { items: [] } }),
      on('GET', '/api/v1/auth/me', { body: ME }),
    );
    renderApp(<OutreachPage />);
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.queryByTestId('outreach-reminders')).toBeNull();
    expect(screen.queryByTestId('outreach-attendance')).toBeNull();
    await waitFor(() => expect(figure('outreach-reoffer', 'Posti liberati')).toHaveTextContent('5'));
  });
});
