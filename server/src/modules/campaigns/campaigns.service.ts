import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { audit } from '../../platform/audit.ts';
import { addDays, startOfRomeDate, ZONE } from '../../platform/calendar.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { appendEvent } from '../../platform/events.ts';
import { findBookedAppointments, loadAppointmentsForOutreach } from '../booking/index.ts';
import { campaignCallPrompt, type LiveContactCentre } from '../contact-centre/index.ts';
import { isMobile, optedOut } from '../outreach/index.ts';
import { findPatientByFiscalCode, findPatientsByIds } from '../registry/index.ts';
import * as repo from './campaigns.repository.ts';
import type {
  Campaign,
  CampaignChannel,
  CampaignContact,
  CampaignMode,
  CampaignStatus,
  CampaignWithKpi,
  Disposition,
} from './campaigns.types.ts';
import { SYSTEM_DISPOSITIONS } from './campaigns.types.ts';
import * as contactRepo from './contacts.repository.ts';
import { type CsvRowError, MAX_CSV_ROWS, parseContactsCsv } from './rules/csv.ts';
import { nextAllowed, validHours } from './rules/hours.ts';
import { campaignKpi } from './rules/kpis.ts';
import { bookingPlaceholders, campaignQuestion, PLACEHOLDERS, unknownPlaceholders } from './rules/message.ts';

// Campaigns as the CUP manager makes and watches them (OB-5): who to reach (a query over bookings, or an
// uploaded list checked row by row), how (an agent's call, the virtual operator, SMS, e-mail), the closed
// list of outcomes, retries and allowed hours; and the indicators per campaign and per batch of 100.

export const DEFAULT_DISPOSITIONS: Disposition[] = [
  { code: 'reached', label: 'Contattato: esito positivo', positive: true },
  { code: 'declined', label: 'Contattato: non interessato', positive: false },
  { code: 'wrong-number', label: 'Numero errato', positive: false },
];

export interface CampaignInput {
  name: string;
  channel: CampaignChannel;
  mode?: CampaignMode | undefined;
  script?: string | undefined;
  message?: string | undefined;
  dispositions?: Disposition[] | undefined;
  maxAttempts?: number | undefined;
  retryMinutes?: number | undefined;
  hours?: { from: string; to: string; everyDay?: boolean | undefined } | undefined;
  target:
    | {
        type: 'appointments';
        from: string;
        to: string;
        serviceCode?: string | undefined;
        agendaId?: string | undefined;
        facilityId?: string | undefined;
      }
    | { type: 'csv'; csv: string };
}

/** A virtual operator's campaign without its own list: a yes-or-no question. */
export const DEFAULT_VOICE_DISPOSITIONS: Disposition[] = [
  { code: 'si', label: 'Sì', positive: true, key: '1' },
  { code: 'no', label: 'No', positive: false, key: '2' },
];

/** The longest message per channel: an SMS of three parts, an e-mail, about 40 seconds of speech. */
const MESSAGE_MAX = { sms: 459, email: 4000, voice: 600 } as const;

const CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * The campaign's closed list of outcomes, as it will be stored: the agents' default, or the virtual
 * operator's, whose outcomes each get a key (their position, unless given).
 */
export function outcomesOf(i: Pick<CampaignInput, 'channel' | 'dispositions'>): Disposition[] {
  if (i.channel === 'agent') return i.dispositions ?? DEFAULT_DISPOSITIONS;
  if (i.channel !== 'voice') return [];
  return (i.dispositions ?? DEFAULT_VOICE_DISPOSITIONS).map((d, n) => ({
    ...d,
    key: d.key ?? String(n + 1),
  }));
}

function checkDispositions(channel: 'agent' | 'voice', list: Disposition[]): void {
  const max = channel === 'voice' ? 8 : 20;
  if (list.length < 2 || list.length > max)
    throw invalidField(
      'dispositions',
      channel === 'voice' ? 'give 2 to 8 outcomes (keys 1 to 8; 9 repeats)' : 'give 2 to 20 outcomes',
    );
  const codes = new Set<string>();
  const keys = new Map<string, number>();
  list.forEach((d, n) => {
    if (!CODE.test(d.code))
      throw invalidField(
        `dispositions.${n}.code`,
        'a code is lower-case letters, digits and dashes (up to 40)',
      );
    if (d.code in SYSTEM_DISPOSITIONS)
      throw invalidField(`dispositions.${n}.code`, `"${d.code}" is recorded by the system itself`);
    if (codes.has(d.code)) throw invalidField(`dispositions.${n}.code`, `"${d.code}" is given twice`);
    codes.add(d.code);
    if (!d.label.trim() || d.label.length > 80)
      throw invalidField(`dispositions.${n}.label`, 'a label is 1 to 80 characters');
    if (channel === 'agent' && d.key !== undefined)
      throw invalidField(`dispositions.${n}.key`, 'only the virtual operator’s outcomes have keys');
    if (channel === 'voice') {
      if (!/^[1-8]$/.test(d.key ?? ''))
        throw invalidField(`dispositions.${n}.key`, 'a key is one digit from 1 to 8 (9 repeats the message)');
      const first = keys.get(d.key!);
      if (first !== undefined)
        throw invalidField(`dispositions.${n}.key`, `key ${d.key} is already outcome ${first + 1}'s`);
      keys.set(d.key!, n);
    }
  });
  if (!list.some((d) => d.positive) || list.every((d) => d.positive))
    throw invalidField('dispositions', 'at least one outcome is positive and one is not');
}

/** A message campaign's text (SMS, e-mail, the virtual operator's words): present, not too long, known words. */
function checkMessage(channel: Exclude<CampaignChannel, 'agent'>, text: string | undefined): void {
  const message = text?.trim() ?? '';
  const what = { sms: 'an SMS', email: 'an e-mail', voice: 'a virtual operator’s' }[channel];
  if (!message) throw invalidField('message', `${what} campaign needs its message`);
  const max = MESSAGE_MAX[channel];
  if (message.length > max)
    throw invalidField(
      'message',
      `the message is at most ${max} characters${channel === 'voice' ? ' (about 40 seconds read aloud)' : ''}`,
    );
  const unknown = unknownPlaceholders(message);
  if (unknown.length)
    throw invalidField(
      'message',
      `unknown placeholders ${unknown.join(', ')}: use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
    );
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkInput(i: CampaignInput): void {
  const name = i.name.trim();
  if (!name || name.length > 120) throw invalidField('name', 'the name is 1 to 120 characters');
  if (i.channel === 'agent' && !i.mode)
    throw invalidField('mode', 'an agents’ campaign is preview or progressive');
  if (i.channel !== 'agent' && i.mode) throw invalidField('mode', 'only agents’ campaigns have a mode');
  if ((i.script ?? '').length > 4000) throw invalidField('script', 'the script is at most 4000 characters');
  if (i.channel === 'agent') {
    if (i.message)
      throw invalidField('message', 'only SMS, e-mail and virtual operator campaigns have a message');
  } else checkMessage(i.channel, i.message);
  if (i.channel === 'agent' || i.channel === 'voice') checkDispositions(i.channel, outcomesOf(i));
  else if (i.dispositions) throw invalidField('dispositions', 'only calls have a list of outcomes');
  const attempts = i.maxAttempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 10)
    throw invalidField('maxAttempts', 'attempts are 1 to 10');
  const retry = i.retryMinutes ?? 60;
  if (!Number.isInteger(retry) || retry < 5 || retry > 10080)
    throw invalidField('retryMinutes', 'the retry delay is 5 minutes to 7 days');
  if (i.hours && !validHours(i.hours))
    throw invalidField('hours', 'allowed hours are HH:MM to a later HH:MM (Rome time)');
  if (i.target.type === 'appointments') {
    const t = i.target;
    if (!ISO_DATE.test(t.from)) throw invalidField('target.from', 'a date (YYYY-MM-DD)');
    if (!ISO_DATE.test(t.to)) throw invalidField('target.to', 'a date (YYYY-MM-DD)');
    if (t.to < t.from) throw invalidField('target.to', 'to is before from');
    if (t.to > addDays(t.from, 365)) throw invalidField('target.to', 'at most a year of bookings');
  }
}

/** Reads a CSV upload against the channel, without creating anything (the page shows every row's error). */
export async function checkCsv(
  db: Db,
  ctx: RequestContext,
  channel: CampaignChannel,
  csv: string,
): Promise<{ rows: number; errors: CsvRowError[] }> {
  const { contacts, errors } = await csvContacts(db, ctx, channel, csv);
  return { rows: contacts.length, errors };
}

async function csvContacts(db: Db, ctx: RequestContext, channel: CampaignChannel, csv: string) {
  const parsed = parseContactsCsv(csv, channel, ctx.clock.now());
  if (parsed.errors.length) return { contacts: [], errors: parsed.errors };
  const errors: CsvRowError[] = [];
  const contacts: contactRepo.NewContact[] = [];
  for (const c of parsed.contacts) {
    let patientId: string | null = null;
    let appointmentId: string | null = null;
    if (c.fiscalCode) {
      const p = await findPatientByFiscalCode(db, c.fiscalCode);
      if (!p)
        errors.push({
          row: c.row,
          field: 'fiscalCode',
          message: `no patient with fiscal code ${c.fiscalCode}`,
        });
      patientId = p?.id ?? null;
    }
    if (c.bookingCode) {
      const [a] = await loadAppointmentsForOutreach(db, { code: c.bookingCode });
      if (!a) errors.push({ row: c.row, field: 'bookingCode', message: `no booking ${c.bookingCode}` });
      else if (patientId && a.patientId !== patientId)
        errors.push({
          row: c.row,
          field: 'bookingCode',
          message: `booking ${c.bookingCode} is another patient's`,
        });
      else {
        appointmentId = a.id;
        patientId = a.patientId;
      }
    }
    contacts.push({
      id: randomUUID(),
      patientId,
      appointmentId,
      name: c.name,
      phone: c.phone,
      email: c.email,
      note: c.note,
      sourceRef: null,
    });
  }
  return { contacts: errors.length ? [] : contacts, errors };
}

/** The bookings a query names, with their patients' contacts (an access to personal data, audited). */
async function appointmentContacts(
  db: Db,
  t: Extract<CampaignInput['target'], { type: 'appointments' }>,
): Promise<contactRepo.NewContact[]> {
  const ids = await findBookedAppointments(db, {
    from: startOfRomeDate(t.from),
    to: startOfRomeDate(addDays(t.to, 1)),
    serviceCode: t.serviceCode,
    agendaId: t.agendaId,
    facilityId: t.facilityId,
    limit: MAX_CSV_ROWS + 1,
  });
  if (ids.length > MAX_CSV_ROWS)
    throw invalidField('target', `more than ${MAX_CSV_ROWS} bookings: narrow the dates or the service`);
  if (ids.length === 0) throw invalidField('target', 'no booking matches: nobody to contact');
  const out: contactRepo.NewContact[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const appointments = await loadAppointmentsForOutreach(db, { ids: ids.slice(i, i + 1000) });
    const patients = new Map(
      (await findPatientsByIds(db, [...new Set(appointments.map((a) => a.patientId))])).map((p) => [p.id, p]),
    );
    for (const a of appointments) {
      const p = patients.get(a.patientId);
      if (!p) continue;
      out.push({
        id: randomUUID(),
        patientId: p.id,
        appointmentId: a.id,
        name: `${p.givenName} ${p.familyName}`,
        phone: p.consents.contactByPhone === false ? null : p.phone,
        email: p.consents.contactByEmail === false ? null : p.email,
        note: null,
        sourceRef: a.id,
      });
    }
  }
  return out;
}

/** Whether a contact can be reached on the channel (a STOP counts for messages and calls alike). */
export function reachable(
  c: Pick<contactRepo.NewContact, 'phone' | 'email'>,
  channel: CampaignChannel,
  stopped: Set<string>,
) {
  if (channel === 'email') return !!c.email && !stopped.has(c.email);
  if (!c.phone || stopped.has(c.phone)) return false;
  return channel === 'sms' ? isMobile(c.phone) : true;
}

/** Creates a campaign with its contacts, in one transaction: a bad row or a bad field creates nothing. */
export async function createCampaign(
  db: Db,
  ctx: RequestContext,
  input: CampaignInput,
): Promise<CampaignWithKpi> {
  const actor = actorOf(ctx);
  checkInput(input);
  const now = ctx.clock.now();
  const id = randomUUID();
  const hours = input.hours ?? { from: '09:00', to: '19:00' };
  await db.transaction().execute(async (tx) => {
    let contacts: contactRepo.NewContact[];
    if (input.target.type === 'csv') {
      const r = await csvContacts(tx, ctx, input.channel, input.target.csv);
      if (r.errors.length) {
        const first = r.errors
          .slice(0, 5)
          .map((e) => `row ${e.row}${e.field ? ` (${e.field})` : ''}: ${e.message}`);
        throw invalidField(
          'target.csv',
          `${r.errors.length} error${r.errors.length > 1 ? 's' : ''} in the file, nothing imported — ${first.join('; ')}`,
        );
      }
      contacts = r.contacts;
      const words = bookingPlaceholders(input.message ?? '');
      const without = contacts.filter((c) => !c.appointmentId).length;
      if (words.length && without)
        throw invalidField(
          'message',
          `${words.join(' ')} name${words.length > 1 ? '' : 's'} a booking, and ${without} of the list's ` +
            `${contacts.length} contacts have no booking code (column codice_prenotazione): they would be empty`,
        );
    } else contacts = await appointmentContacts(tx, input.target);
    const stopped = await optedOut(
      tx,
      contacts.flatMap((c) => [c.phone, c.email].filter((x): x is string => !!x)),
    );
    for (const c of contacts) {
      if (!reachable(c, input.channel, stopped)) c.closed = { disposition: 'unreachable', positive: false };
    }
    await repo.insertCampaign(
      tx,
      {
        id,
        name: input.name.trim(),
        kind: 'standard',
        channel: input.channel,
        mode: input.mode ?? null,
        script: input.script?.trim() ?? '',
        message: input.message?.trim() ?? null,
        dispositions: outcomesOf(input),
        maxAttempts: input.maxAttempts ?? 3,
        retryMinutes: input.retryMinutes ?? 60,
        hours,
        target: input.target.type === 'csv' ? { type: 'csv', rows: contacts.length } : { ...input.target },
        createdBy: actor.id,
      },
      now,
    );
    await contactRepo.appendContacts(tx, id, contacts, nextAllowed(now, hours), now);
    await appendEvent(tx, ctx, 'campaign.created', id, {
      channel: input.channel,
      target: input.target.type,
      contacts: contacts.length,
    });
    await audit(
      tx,
      ctx,
      { action: 'create', resourceType: 'Campaign', resourceId: id },
      ...contacts
        .filter((c) => c.patientId)
        .map((c) => ({
          action: 'read' as const,
          resourceType: 'Patient',
          resourceId: c.patientId!,
          patientId: c.patientId,
          purpose: 'campaign target',
        })),
    );
  });
  return getCampaign(db, ctx, id);
}

export async function withKpi(db: Db, c: Campaign, now: Date): Promise<CampaignWithKpi> {
  return { ...c, kpi: campaignKpi(await contactRepo.contactOutcomes(db, c.id), now) };
}

export async function getCampaign(db: Db, ctx: RequestContext, id: string): Promise<CampaignWithKpi> {
  const c = await repo.findCampaign(db, id);
  if (!c) throw notFound('campaign', 'id');
  return withKpi(db, c, ctx.clock.now());
}

/** Every campaign (closed ones on request), with its indicators: counts only, no personal data. */
export async function listCampaigns(
  db: Db,
  ctx: RequestContext,
  opts: { includeClosed?: boolean | undefined },
): Promise<CampaignWithKpi[]> {
  const now = ctx.clock.now();
  const all = await repo.listCampaigns(db, { includeClosed: opts.includeClosed === true });
  return Promise.all(all.map((c) => withKpi(db, c, now)));
}

export async function setStatus(
  db: Db,
  ctx: RequestContext,
  id: string,
  status: CampaignStatus,
): Promise<CampaignWithKpi> {
  await db.transaction().execute(async (tx) => {
    const c = await repo.findCampaign(tx, id, true);
    if (!c) throw notFound('campaign', 'id');
    if (c.status === 'closed') throw new AppError('INVALID_STATE', 'a closed campaign stays closed');
    if (c.kind !== 'standard' && status === 'closed')
      throw new AppError('INVALID_STATE', 'a standing campaign can be paused, not closed');
    await repo.setCampaignStatus(tx, id, status);
    await appendEvent(tx, ctx, `campaign.${status}`, id, {});
    await audit(tx, ctx, { action: 'update', resourceType: 'Campaign', resourceId: id, purpose: status });
  });
  return getCampaign(db, ctx, id);
}

/** A page of a campaign's contacts: names and numbers, so every patient listed is audited (SEC-1). */
export async function campaignContacts(
  db: Db,
  ctx: RequestContext,
  id: string,
  page: { limit?: number | undefined; offset?: number | undefined },
): Promise<CampaignContact[]> {
  return db.transaction().execute(async (tx) => {
    if (!(await repo.findCampaign(tx, id))) throw notFound('campaign', 'id');
    const rows = await contactRepo.listContacts(tx, id, {
      limit: page.limit ?? 50,
      offset: page.offset ?? 0,
    });
    await audit(
      tx,
      ctx,
      ...rows
        .filter((c) => c.patientId)
        .map((c) => ({
          action: 'read' as const,
          resourceType: 'Patient',
          resourceId: c.patientId!,
          patientId: c.patientId,
          purpose: 'campaign contacts',
        })),
    );
    return rows;
  });
}

/** The example a preview is read for: a name and a booking a week ahead, 09:30 in Rome. */
const EXAMPLE = {
  name: 'Mario Rossi',
  service: 'Visita cardiologica',
  facility: 'Poliambulatorio Madre Teresa di Calcutta',
  code: 'PRN-AB12-CD34',
};

/**
 * OB-5: what a virtual operator's campaign will say, before it is made — the message and its keys for an
 * example person and booking, in the words the engine reads to every person called (the same functions),
 * and where to hear them in the voice the switch plays (none without the live centre).
 */
export function voicePreview(
  ctx: RequestContext,
  input: Pick<CampaignInput, 'message' | 'dispositions'>,
  centre: LiveContactCentre | null,
): { text: string; audio: string | null } {
  checkMessage('voice', input.message);
  const outcomes = outcomesOf({ channel: 'voice', dispositions: input.dispositions });
  checkDispositions('voice', outcomes);
  const start = DateTime.fromJSDate(ctx.clock.now(), { zone: ZONE })
    .plus({ days: 7 })
    .set({ hour: 9, minute: 30, second: 0, millisecond: 0 })
    .toJSDate();
  const question = campaignQuestion(
    input.message!.trim(),
    { name: EXAMPLE.name, appointment: { ...EXAMPLE, start } },
    outcomes,
  );
  const prompt = campaignCallPrompt(question.text, question.keys);
  return { text: prompt.text, audio: centre ? centre.promptAudioPath(prompt) : null };
}
