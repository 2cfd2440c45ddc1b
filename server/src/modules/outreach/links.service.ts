import { auditedRead } from '../../platform/audit.ts';
import { romeDate } from '../../platform/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import {
  type Appointment,
  cancelAppointment,
  cancellationNumber,
  confirmAppointment,
  facilityLocalHolidays,
  keypadCode,
  lastTimelyCancellationDate,
  loadAppointmentsForOutreach,
} from '../booking/index.ts';
import * as repo from './outreach.repository.ts';
import type { OutreachSettings } from './outreach.types.ts';
import { verifyLink } from './rules/link-token.ts';

/** What the reminder's link page shows: the appointment, nothing about the patient. */
export interface LinkedAppointment {
  code: string;
  status: Appointment['status'];
  service: string;
  start: string;
  end: string;
  facility: string;
  address: string;
  copayCents: number;
  confirmedAt: string | null;
  cancelledAt: string | null;
  /** The last Rome date to cancel in time (working days, the facility's patron saint excluded). */
  cancelBy: string;
  /** Set once cancelled: the proof to keep. */
  cancellationNumber: string | null;
  /** The code as typed on a phone keypad, for the automatic phone line's cancellation (OB-4). */
  keypadCode: string;
}

const REASONS = {
  malformed: 'the link is incomplete: copy it whole from the message',
  bad_signature: 'the link is not valid',
  expired: 'the link has expired: the appointment has passed',
} as const;

async function resolve(
  db: Db,
  clock: Clock,
  settings: OutreachSettings,
  token: string,
): Promise<Appointment> {
  if (!settings.linkSecret) throw new AppError('NOT_FOUND', 'reminder links are not enabled here', 'token');
  const check = verifyLink(token, settings.linkSecret, clock.now());
  if (!check.ok) {
    throw check.reason === 'expired'
      ? new AppError('INVALID_STATE', REASONS.expired, 'token')
      : new AppError('NOT_FOUND', REASONS[check.reason], 'token');
  }
  const [a] = await loadAppointmentsForOutreach(db, { code: check.claims.code });
  if (!a) throw new AppError('NOT_FOUND', REASONS.bad_signature, 'token');
  // A moved appointment's old link names a time that is no longer its own.
  if (a.version !== check.claims.version)
    throw new AppError(
      'INVALID_STATE',
      'the appointment was moved after this message: see the newer one',
      'token',
    );
  return a;
}

async function view(db: Db, a: Appointment, settings: OutreachSettings): Promise<LinkedAppointment> {
  const local = await facilityLocalHolidays(db, a.facility.id, a.start);
  return {
    code: a.code,
    status: a.status,
    service: a.service.description,
    start: a.start.toISOString(),
    end: a.end.toISOString(),
    facility: a.facility.name,
    address: a.facility.address,
    copayCents: a.copayCents,
    confirmedAt: a.confirmedAt?.toISOString() ?? null,
    cancelledAt: a.cancelledAt?.toISOString() ?? null,
    cancelBy: lastTimelyCancellationDate(romeDate(a.start), settings.noticeWorkingDays, local),
    cancellationNumber: a.status === 'cancelled' ? cancellationNumber(a) : null,
    keypadCode: keypadCode(a.code),
  };
}

const linkAudit = (a: Appointment, action: 'read' | 'update') => [
  {
    action,
    resourceType: 'Appointment',
    resourceId: a.id,
    patientId: a.patientId,
    channel: 'web',
    purpose: 'reminder-link',
  },
];

/** The page behind a reminder's link (OB-1): the appointment, read through the signed link; audited. */
export async function linkedAppointment(
  db: Db,
  ctx: RequestContext,
  settings: OutreachSettings,
  token: string,
): Promise<LinkedAppointment> {
  const a = await auditedRead(
    db,
    ctx,
    (tx) => resolve(tx, ctx.clock, settings, token),
    (x) => linkAudit(x, 'read'),
  );
  return view(db, a, settings);
}

/** Confirm or cancel through the link; the booking module does it, and audits it, as for any channel. */
export async function actOnLink(
  db: Db,
  ctx: RequestContext,
  settings: OutreachSettings,
  token: string,
  action: 'confirm' | 'cancel',
): Promise<LinkedAppointment> {
  const a = await resolve(db, ctx.clock, settings, token);
  const done =
    action === 'cancel'
      ? await cancelAppointment(db, ctx, a.id, {
          reason: 'disdetta dal paziente dal link del promemoria',
          channel: 'web',
        })
      : await confirmAppointment(db, ctx, a.id, { via: 'web' });
  await repo.insertReply(db, {
    gatewayId: null,
    channel: 'link',
    sender: 'link',
    text: action === 'cancel' ? 'ANNULLA (link)' : 'CONFERMA (link)',
    receivedAt: ctx.clock.now(),
    intent: action,
    appointmentId: a.id,
    outcome: action === 'cancel' ? 'cancelled' : 'confirmed',
  });
  return view(db, done, settings);
}
