import { describe, expect, it } from 'vitest';
import { barViewsFor, canOpen, homeOf, viewsFor } from './roles.ts';

describe('navigation by role', () => {
  it('sends each role to its own view', () => {
    expect(homeOf(['operator'])).toBe('/console');
    expect(homeOf(['backoffice'])).toBe('/console');
    expect(homeOf(['supervisor'])).toBe('/wallboard');
    expect(homeOf(['cup-manager'])).toBe('/agendas');
    expect(homeOf(['privacy-officer'])).toBe('/privacy');
    expect(homeOf(['trainer'])).toBe('/formazione');
    expect(homeOf([])).toBeNull();
  });

  it('keeps the voice prompts out of the bar (opened from the Users page), and every other view in it', () => {
    expect(viewsFor(['admin'])).toContain('prompts');
    // The trainer's and the group bookings' pages are in their own roles' bars, not in the admin's
    // (which opens them by their address).
    expect(barViewsFor(['admin'])).toEqual(
      viewsFor(['admin']).filter(
        (v) => v !== 'prompts' && v !== 'training' && v !== 'groups' && v !== 'chat',
      ),
    );
    expect(barViewsFor(['backoffice'])).toContain('groups');
    expect(barViewsFor(['operator'])).toContain('chat');
    expect(barViewsFor(['trainer'])).toEqual(['training', 'outreach', 'messages']);
    expect(barViewsFor(['supervisor', 'cup-manager'])).toEqual(viewsFor(['supervisor', 'cup-manager']));
  });

  it('lets admin open everything and nobody else what is not theirs', () => {
    expect(viewsFor(['admin'])).toEqual([
      'console',
      'chat',
      'arrivals',
      'protection',
      'groups',
      'wallboard',
      'agendas',
      'planning',
      'training',
      'outreach',
      'messages',
      'report',
      'contacts',
      'helpdesk',
      'knowledge',
      'privacy',
      'prompts',
      'users',
      'password',
    ]);
    expect(viewsFor(['supervisor', 'cup-manager', 'operator', 'backoffice'])).not.toContain('users');
    expect(viewsFor(['backoffice'])).toEqual([
      'console',
      'arrivals',
      'protection',
      'groups',
      'helpdesk',
      'knowledge',
      'password',
    ]);
    expect(canOpen(['operator'], 'protection')).toBe(false);
    expect(viewsFor(['operator'])).toEqual([
      'console',
      'chat',
      'arrivals',
      'helpdesk',
      'knowledge',
      'password',
    ]);
    expect(canOpen(['operator'], 'agendas')).toBe(false);
    expect(canOpen(['cup-manager'], 'console')).toBe(false);
    expect(viewsFor(['supervisor', 'cup-manager'])).toEqual([
      'wallboard',
      'agendas',
      'planning',
      'outreach',
      'messages',
      'report',
      'contacts',
      'helpdesk',
      'knowledge',
      'password',
    ]);
    expect(viewsFor(['supervisor'])).toEqual([
      'wallboard',
      'planning',
      'outreach',
      'messages',
      'report',
      'contacts',
      'helpdesk',
      'knowledge',
      'password',
    ]);
    // The month's service levels (MR-5): who runs the centre, not the trainer.
    expect(canOpen(['trainer'], 'report')).toBe(false);
    // What went to patients (OB-1): who runs the centre and the trainer of the simulated one.
    expect(viewsFor(['trainer'])).toEqual(['training', 'outreach', 'messages']);
    expect(canOpen(['operator'], 'messages')).toBe(false);
    expect(canOpen(['operator'], 'planning')).toBe(false);
    // The access log is the privacy officer's alone (issue 8 §14).
    expect(viewsFor(['privacy-officer'])).toEqual(['privacy', 'password']);
    // CC-11: the regional offices land on the help desk and see nothing else.
    expect(viewsFor(['second-level'])).toEqual(['helpdesk', 'knowledge', 'password']);
    expect(homeOf(['second-level'])).toBe('/helpdesk');
    expect(viewsFor(['supervisor', 'cup-manager', 'operator', 'backoffice'])).not.toContain('privacy');
  });
});
