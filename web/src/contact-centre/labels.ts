import type { MessageKey, Translate } from '../i18n/i18n.tsx';
import type { AgentState } from './types.ts';

export const STATE_LABELS: Record<AgentState, MessageKey> = {
  'logged-out': 'cc.state.logged-out',
  paused: 'cc.state.paused',
  ready: 'cc.state.ready',
  offered: 'cc.state.offered',
  'on-call': 'cc.state.on-call',
  'wrap-up': 'cc.state.wrap-up',
};

/** The request types the IVR flows route by (server: builtin-config.ts), in the order operators pick. */
export const REQUEST_TYPES = [
  'booking',
  'cancellation',
  'availability',
  'information',
  'certificate',
  'community-health',
  'private-practice',
  'regional-service',
  'facility-support',
] as const;

const REQUEST_TYPE_LABELS: Record<(typeof REQUEST_TYPES)[number], MessageKey> = {
  booking: 'cc.request.booking',
  cancellation: 'cc.request.cancellation',
  availability: 'cc.request.availability',
  information: 'cc.request.information',
  certificate: 'cc.request.certificate',
  'community-health': 'cc.request.community-health',
  'private-practice': 'cc.request.private-practice',
  'regional-service': 'cc.request.regional-service',
  'facility-support': 'cc.request.facility-support',
};

/** A request type in the UI language; one the app does not know yet is shown as the server names it. */
export function requestTypeLabel(t: Translate, type: string | null): string {
  if (type === null) return '—';
  const key = REQUEST_TYPE_LABELS[type as (typeof REQUEST_TYPES)[number]];
  return key ? t(key) : type;
}

/** Seconds as "m:ss", or "h:mm:ss" from an hour on: time in state, time waited. */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const PAUSE_REASON_LABELS: Record<string, MessageKey> = {
  accesso: 'cc.pause.accesso',
  pausa: 'cc.pause.pausa',
  formazione: 'cc.pause.formazione',
  'back-office': 'cc.pause.back-office',
  riunione: 'cc.pause.riunione',
  'mancata-risposta': 'cc.pause.mancata-risposta',
  rifiutata: 'cc.pause.rifiutata',
  campagna: 'cc.pause.campagna',
};

/** Reasons the engine sets by itself (an offer not answered, a call declined): never picked by hand. */
export const SYSTEM_PAUSE_REASONS = new Set(['mancata-risposta', 'rifiutata']);

/** A pause reason (causale) in the UI language; an unknown one as the configuration names it. */
export function pauseReasonLabel(t: Translate, reason: string): string {
  const key = PAUSE_REASON_LABELS[reason];
  return key ? t(key) : reason;
}
