import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schema } from '../lib/openapi.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { NationalFeedSection } from './NationalFeedSection.tsx';

afterEach(() => vi.unstubAllGlobals());

type Batch = Schema<'NationalFeedBatch'>;
const base: Batch = {
  day: '2026-12-04',
  built_at: '2026-12-05T02:20:00.000Z',
  appointments: 412,
  digest: 'a'.repeat(64),
  status: 'sent',
  attempts: 1,
  last_attempt_at: '2026-12-05T02:20:01.000Z',
  last_error: null,
  sent_at: '2026-12-05T02:20:01.000Z',
  receipt: 'simulazione:2026-12-04:aaaaaaaaaaaa',
  simulated: true,
};
const refused: Batch = {
  ...base,
  day: '2026-12-05',
  appointments: 388,
  status: 'failed',
  attempts: 3,
  last_error: 'platform answered 503',
  sent_at: null,
  receipt: null,
  simulated: false,
};

describe('the national feed on the Report page (MR-8)', () => {
  it('shows each day, its state in words, the batch to download, and sends a refused day again', async () => {
    const { calls } = fakeApi(
      on('GET', '/api/v1/auth/me', {
        body: { id: 'u', username: 'responsabile', roles: ['cup-manager'], operatorCode: null },
      }),
      on('GET', '/api/v1/national-feed/batches', { body: { items: [refused, base] } }),
      on('POST', '/api/v1/national-feed/batches/2026-12-05/send', {
        body: {
          ...refused,
          status: 'sent',
          attempts: 4,
          last_error: null,
          sent_at: '2026-12-06T10:00:00.000Z',
          receipt: 'r',
        },
      }),
    );
    const user = userEvent.setup();
    renderApp(<NationalFeedSection />);
    const section = await screen.findByTestId('national-feed');
    const sent = (await within(section).findByText('04/12/2026')).closest('tr')!;
    expect(sent).toHaveTextContent('412');
    expect(sent).toHaveTextContent('accettato (simulazione)');
    expect(within(sent).getByRole('link', { name: 'Scarica il flusso del 04/12/2026' })).toHaveAttribute(
      'href',
      '/api/v1/national-feed/batches/2026-12-04',
    );
    const failed = within(section).getByText('05/12/2026').closest('tr')!;
    expect(failed).toHaveTextContent('non accettato, si riprova');
    expect(failed).toHaveTextContent('Ultimo errore: platform answered 503');
    expect(failed).toHaveTextContent('tentativi: 3');
    await user.click(within(failed).getByRole('button', { name: 'Invia di nuovo il flusso del 05/12/2026' }));
    expect(await within(section).findByText('accettato dalla piattaforma')).toBeInTheDocument();
    expect(
      calls.some((c) => c.method === 'POST' && c.path === '/api/v1/national-feed/batches/2026-12-05/send'),
    ).toBe(true);
  });
});
