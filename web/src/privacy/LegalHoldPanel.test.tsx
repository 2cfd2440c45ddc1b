import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { AccessLogPage } from './AccessLogPage.tsx';

afterEach(() => vi.unstubAllGlobals());

const me = { id: 'u-p', username: 'privacy', roles: ['privacy-officer'], operatorCode: null };

describe('legal hold on the privacy page', () => {
  it('finds a ticket by number, refuses a hold without the proceeding, puts it and lifts it', async () => {
    let held = false;
    const api = fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/helpdesk/tickets/42/legal-hold', () => ({
        body: {
          id: '42',
          number: '#42',
          legalHold: held ? { reason: 'Ricorso TAR 12/2026', at: '2026-12-03T09:00:00.000Z' } : null,
          contentDestroyedAt: null,
        },
      })),
      on('PUT', '/api/v1/helpdesk/tickets/42/legal-hold', (c) => {
        const b = c.body as { hold: boolean; reason?: string };
        if (b.hold && (b.reason ?? '').length < 5)
          return {
            status: 422,
            body: { error: { code: 'INVALID_FIELD', message: 'say why', field: 'reason' } },
          };
        held = b.hold;
        return {
          body: {
            id: '42',
            number: '#42',
            legalHold: held ? { reason: b.reason, at: '2026-12-03T09:00:00.000Z' } : null,
            contentDestroyedAt: null,
          },
        };
      }),
    );
    const user = userEvent.setup();
    renderApp(<AccessLogPage />);
    const panel = await screen.findByTestId('legal-hold');
    const number = within(panel).getByRole('textbox', { name: 'Numero del ticket' });
    await user.type(number, 'abc');
    await user.click(within(panel).getByRole('button', { name: 'Cerca il ticket' }));
    expect(number).toHaveAttribute('aria-invalid', 'true');
    await user.clear(number);
    await user.type(number, '#42');
    await user.click(within(panel).getByRole('button', { name: 'Cerca il ticket' }));
    expect(await within(panel).findByText('Ticket #42: nessun blocco legale.')).toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: 'Metti sotto blocco legale' }));
    const reason = within(panel).getByRole('textbox', { name: /Procedimento/ });
    await waitFor(() => expect(reason).toHaveAttribute('aria-invalid', 'true'));
    expect(reason).toHaveAccessibleDescription(/procedimento/i);
    await user.type(reason, 'Ricorso TAR 12/2026');
    await user.click(within(panel).getByRole('button', { name: 'Metti sotto blocco legale' }));
    expect(await within(panel).findByTestId('legal-hold-state')).toHaveTextContent('sotto blocco legale dal');
    expect(within(panel).getByTestId('legal-hold-state')).toHaveTextContent('Ricorso TAR 12/2026');
    await user.click(within(panel).getByRole('button', { name: 'Togli il blocco legale' }));
    expect(await within(panel).findByText('Ticket #42: nessun blocco legale.')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { hold: true, reason: '' },
      { hold: true, reason: 'Ricorso TAR 12/2026' },
      { hold: false },
    ]);
  });
});
