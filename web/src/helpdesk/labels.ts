import type { MessageKey } from '../i18n/i18n.tsx';
import type { NewTicket, TicketState } from './api.ts';

export const STATE_LABEL: Record<TicketState, MessageKey> = {
  new: 'helpdesk.state.new',
  open: 'helpdesk.state.open',
  'pending-citizen': 'helpdesk.state.pending-citizen',
  'pending-third-party': 'helpdesk.state.pending-third-party',
  resolved: 'helpdesk.state.resolved',
  closed: 'helpdesk.state.closed',
};

export const LEVEL_LABEL: Record<number, MessageKey> = {
  0: 'helpdesk.level.0',
  1: 'helpdesk.level.1',
  2: 'helpdesk.level.2',
  3: 'helpdesk.level.3',
};

export const CHANNEL_LABEL: Record<NewTicket['channel'], MessageKey> = {
  phone: 'helpdesk.channel.phone',
  email: 'helpdesk.channel.email',
  pec: 'helpdesk.channel.pec',
  fax: 'helpdesk.channel.fax',
  letter: 'helpdesk.channel.letter',
  web: 'helpdesk.channel.web',
};

/** "3 h 20 min" from minutes. */
export function hoursAndMinutes(minutes: number): string {
  const m = Math.abs(minutes);
  const h = Math.floor(m / 60);
  return h > 0 ? `${h} h ${m % 60} min` : `${m % 60} min`;
}
