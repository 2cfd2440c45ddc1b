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

/** What a message of the thread is (help desk e-mail, HD-3). */
export const MESSAGE_KIND_LABEL: Record<string, MessageKey> = {
  ticket: 'helpdesk.message.ticket',
  reply: 'helpdesk.message.reply',
  acknowledgement: 'helpdesk.message.acknowledgement',
  answer: 'helpdesk.message.answer',
  outcome: 'helpdesk.message.outcome',
};

/** How an incoming reply found its ticket. */
export const LAYER_LABEL: Record<string, MessageKey> = {
  'reply-token': 'helpdesk.layer.reply-token',
  references: 'helpdesk.layer.references',
  'body-marker': 'helpdesk.layer.body-marker',
  'subject-tag': 'helpdesk.layer.subject-tag',
};
