import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LiveLine } from '../contact-centre/types.ts';
import { renderApp } from '../test/render.tsx';
import { LinesNow, TvLines } from './LinesNow.tsx';
import { dayAfter, lineChange } from './lines.ts';

// Instants written by hand in UTC with the Rome offset they have (CET +01:00, CEST +02:00).
const utc = (iso: string) => Date.parse(iso);

/** A line of the snapshot: the CUP's, closed, unless told otherwise. */
const line = (over: Partial<LiveLine>): LiveLine => ({
  number: '848821821',
  name: 'CUP regionale',
  service: 'cup',
  channels: 60,
  inUse: 0,
  open: false,
  changesAt: null,
  redirectUntil: null,
  ...over,
});

describe("the lines' state on the wallboard (MR-4, CC-4)", () => {
  it('says a change is today, tomorrow or later by the Rome calendar, not by 24 hours', () => {
    // Sunday 6 December 2026, 23:30 in Rome is still Sunday, though already Monday in UTC+2.
    const sundayNight = utc('2026-12-06T22:30:00Z');
    const mondayEight = utc('2026-12-07T07:00:00Z');
    expect(lineChange({ open: false, changesAt: mondayEight, redirectUntil: null }, sundayNight)).toEqual({
      kind: 'tomorrow',
      at: mondayEight,
    });
    // 00:30 on Monday in Rome is 23:30 of Sunday in UTC: the same opening is now today.
    expect(
      lineChange({ open: false, changesAt: mondayEight, redirectUntil: null }, utc('2026-12-06T23:30:00Z'))
        .kind,
    ).toBe('today');
    // Saturday 28 March 2026 after 14:00: Sunday is the 23-hour day, Monday's 08:00 is CEST.
    expect(
      lineChange(
        { open: false, changesAt: utc('2026-03-30T06:00:00Z'), redirectUntil: null },
        utc('2026-03-28T15:00:00Z'),
      ).kind,
    ).toBe('later');
    expect(lineChange({ open: true, changesAt: null, redirectUntil: null }, sundayNight)).toEqual({
      kind: 'always',
    });
    expect(lineChange({ open: false, changesAt: null, redirectUntil: null }, sundayNight)).toEqual({
      kind: 'never',
    });
    // CC-7: a retired number gives the new one through its last day, in Rome: 30 April 2026 at 23:30
    // (21:30 UTC) still, 1 May at 00:30 (30 April, 22:30 UTC) no more.
    const retired = { open: true, changesAt: null, redirectUntil: '2026-04-30' };
    expect(lineChange(retired, utc('2026-04-30T21:30:00Z'))).toEqual({
      kind: 'redirect',
      until: '2026-04-30',
    });
    expect(lineChange(retired, utc('2026-04-30T22:30:00Z'))).toEqual({ kind: 'ceased', until: '2026-04-30' });
  });

  it('finds the next calendar day across a month, a year and a leap day', () => {
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(dayAfter('2026-03-29')).toBe('2026-03-30');
  });

  it('shows each line open or closed in words, when that changes and its channels in use', () => {
    renderApp(
      <LinesNow
        at={utc('2026-12-06T15:00:00Z')}
        lines={[
          line({ changesAt: utc('2026-12-07T07:00:00Z') }),
          line({
            number: '0971471300',
            name: 'Strutture',
            service: 'strutture',
            channels: 30,
            inUse: 2,
            open: true,
          }),
          line({
            number: '0971471373',
            name: 'Vecchio numero CUP',
            channels: 10,
            open: true,
            redirectUntil: '2026-04-30',
          }),
        ]}
      />,
    );
    const section = screen.getByRole('region', { name: 'Linee' });
    const [cup, facilities, retired] = within(section).getAllByRole('listitem');
    expect(cup).toHaveTextContent(
      'CUP regionale (848821821) Chiusa riapre domani alle 08:00 · 0 di 60 canali in uso',
    );
    expect(facilities).toHaveTextContent(
      'Strutture (0971471300) Aperta sempre aperta · 2 di 30 canali in uso',
    );
    expect(retired).toHaveTextContent(
      'Vecchio numero CUP (0971471373) Cessato non più in servizio dopo il 30/04/2026',
    );
    expect(retired).not.toHaveTextContent('canali');
  });

  it('names the day of an opening further away, in English too', () => {
    renderApp(
      <LinesNow
        at={utc('2026-12-07T19:30:00Z')}
        lines={[
          // Tuesday 8 December is the Immaculate Conception: Wednesday 08:00.
          line({ name: 'CUP', changesAt: utc('2026-12-09T07:00:00Z') }),
        ]}
      />,
      { lang: 'en' },
    );
    expect(screen.getByRole('listitem')).toHaveTextContent(
      'Closed opens on Wednesday, 9 December 2026 at 08:00',
    );
  });

  it('shows the wall screen the lines that take calls, each with its state in words', () => {
    renderApp(
      <TvLines
        at={utc('2026-12-07T09:00:00Z')}
        lines={[
          // Monday 10:00 in Rome: open until 20:00 (19:00 UTC).
          line({ open: true, inUse: 3, changesAt: utc('2026-12-07T19:00:00Z') }),
          line({ number: '0971471373', name: 'Vecchio numero CUP', open: true, redirectUntil: '2026-12-31' }),
          line({ number: '0971000000', name: 'Numero dismesso', open: true, redirectUntil: '2026-04-30' }),
        ]}
      />,
    );
    const items = within(screen.getByRole('region', { name: 'Linee' })).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'CUP regionale Aperta chiude alle 20:00',
      'Vecchio numero CUP Dismesso dà il nuovo numero fino al 31/12/2026',
    ]);
    expect(items[0]!.querySelector('[data-state]')?.getAttribute('data-state')).toBe('open');
    expect(items[1]!.querySelector('[data-state]')?.getAttribute('data-state')).toBe('retired');
  });
});
