import { Type } from '@fastify/type-provider-typebox';
import { SIMULATION_LABEL } from '../contact-centre/index.ts';

// The campaigns' API shapes (issue 11 §6, OB-5, OB-6, BK-12).

const Channel = Type.Union(
  [Type.Literal('agent'), Type.Literal('voice'), Type.Literal('sms'), Type.Literal('email')],
  {
    description:
      "agent: an agent's call; voice: the virtual operator (the message read, an outcome per key); sms; email",
  },
);
const Mode = Type.Union([Type.Literal('preview'), Type.Literal('progressive')], {
  description: 'preview: the agent reads the contact, then calls; progressive: called as the agent is free',
});
const Kind = Type.Union([
  Type.Literal('standard'),
  Type.Literal('survey-follow-up'),
  Type.Literal('agenda-closure'),
  Type.Literal('recall'),
  Type.Literal('reminder'),
]);
const Status = Type.Union([Type.Literal('active'), Type.Literal('paused'), Type.Literal('closed')]);
const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const Hours = Type.Object(
  {
    from: HHMM,
    to: HHMM,
    everyDay: Type.Optional(Type.Boolean({ description: 'Sundays and holidays too (false by default)' })),
  },
  {
    additionalProperties: false,
    description: 'Allowed hours, Rome time, Monday to Saturday except holidays',
  },
);

export const DispositionSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40 }),
    label: Type.String({ minLength: 1, maxLength: 80 }),
    positive: Type.Boolean(),
    key: Type.Optional(
      Type.String({
        pattern: '^[1-8]$',
        description:
          "a virtual operator's campaign: the key that gives this outcome (by default its position)",
      }),
    ),
  },
  { $id: 'CampaignDisposition', additionalProperties: false },
);

const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const CampaignSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: Kind,
    channel: Channel,
    mode: Type.Union([Mode, Type.Null()]),
    script: Type.String(),
    message: Type.Union([Type.String(), Type.Null()]),
    dispositions: Type.Array(Type.Ref('CampaignDisposition')),
    maxAttempts: Type.Integer(),
    retryMinutes: Type.Integer(),
    hours: Hours,
    status: Status,
    target: Type.Object({ type: Type.String() }, { additionalProperties: true }),
    createdAt: Type.String({ format: 'date-time' }),
    kpi: Type.Object(
      {
        contacts: Type.Integer(),
        pending: Type.Integer(),
        inProgress: Type.Integer(),
        done: Type.Integer(),
        positive: Type.Integer(),
        positiveShare: Share,
        positiveGoalMet: Type.Union([Type.Boolean(), Type.Null()], {
          description: 'OB-5: at least half of the contacts worked ended positively',
        }),
        byDisposition: Type.Record(Type.String(), Type.Integer()),
        batches: Type.Array(
          Type.Object(
            {
              batch: Type.Integer({ description: '1 for contacts 1–100, 2 for 101–200, …' }),
              contacts: Type.Integer(),
              done: Type.Integer(),
              positive: Type.Integer(),
              positiveShare: Share,
              startedAt: Instant,
              finishedAt: Instant,
              hours: Type.Union([Type.Number(), Type.Null()]),
              timing: Type.Union(
                [Type.Literal('not-started'), Type.Literal('open'), Type.Literal('ok'), Type.Literal('late')],
                { description: 'OB-5: ok when finished within 24 h of its first attempt' },
              ),
            },
            { additionalProperties: false },
          ),
        ),
        batchesOnTime: Type.Integer(),
        batchesLate: Type.Integer(),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'Campaign', additionalProperties: false },
);

export const CampaignInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    channel: Channel,
    mode: Type.Optional(Mode),
    script: Type.Optional(Type.String({ maxLength: 4000 })),
    message: Type.Optional(
      Type.String({
        maxLength: 4000,
        description:
          'SMS (≤ 459 characters), e-mail or virtual operator (≤ 600, read aloud) text; ' +
          '{nome} {prestazione} {data} {ora} {struttura} {codice}',
      }),
    ),
    dispositions: Type.Optional(Type.Array(Type.Ref('CampaignDisposition'), { minItems: 2, maxItems: 20 })),
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    retryMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 10080 })),
    hours: Type.Optional(Hours),
    target: Type.Union([
      Type.Object(
        {
          type: Type.Literal('appointments'),
          from: Type.String({ format: 'date' }),
          to: Type.String({ format: 'date' }),
          serviceCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          agendaId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          facilityId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        },
        { additionalProperties: false, description: 'Booked appointments starting within the Rome dates' },
      ),
      Type.Object(
        {
          type: Type.Literal('csv'),
          csv: Type.String({
            minLength: 1,
            maxLength: 2_000_000,
            description: 'nome; telefono; email; codice_fiscale; codice_prenotazione; note (header row)',
          }),
        },
        { additionalProperties: false },
      ),
    ]),
  },
  { $id: 'CampaignInput', additionalProperties: false },
);

export const CsvCheckInputSchema = Type.Object(
  { channel: Channel, csv: Type.String({ minLength: 1, maxLength: 2_000_000 }) },
  { additionalProperties: false },
);

export const CsvCheckSchema = Type.Object(
  {
    rows: Type.Integer({ description: 'Contacts ready to import (0 while any row has an error)' }),
    errors: Type.Array(
      Type.Object(
        {
          row: Type.Integer({ description: 'Line of the file (the header is 1)' }),
          field: Type.Union([Type.String(), Type.Null()]),
          message: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'CampaignCsvCheck', additionalProperties: false },
);

export const ContactSchema = Type.Object(
  {
    id: Type.String(),
    position: Type.Integer(),
    name: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([Type.Literal('pending'), Type.Literal('in-progress'), Type.Literal('done')]),
    attempts: Type.Integer(),
    nextAttemptAt: Type.String({ format: 'date-time' }),
    disposition: Type.Union([Type.String(), Type.Null()]),
    positive: Type.Union([Type.Boolean(), Type.Null()]),
    agentNote: Type.Union([Type.String(), Type.Null()]),
    doneAt: Instant,
  },
  { $id: 'CampaignContact', additionalProperties: false },
);

export const WorkSchema = Type.Object(
  {
    label: Type.Literal(SIMULATION_LABEL),
    campaigns: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          name: Type.String(),
          mode: Type.Union([Mode, Type.Null()]),
          due: Type.Integer({ description: 'Contacts due now' }),
          open: Type.Boolean({ description: "Now is within the campaign's hours" }),
          hours: Hours,
        },
        { additionalProperties: false },
      ),
    ),
    contact: Type.Union([
      Type.Object(
        {
          id: Type.String(),
          campaignId: Type.String(),
          campaignName: Type.String(),
          mode: Type.Union([Mode, Type.Null()]),
          script: Type.String(),
          dispositions: Type.Array(Type.Ref('CampaignDisposition')),
          name: Type.String(),
          fiscalCode: Type.Union([Type.String(), Type.Null()]),
          phone: Type.Union([Type.String(), Type.Null()]),
          note: Type.Union([Type.String(), Type.Null()]),
          attempts: Type.Integer(),
          maxAttempts: Type.Integer(),
          appointment: Type.Union([
            Type.Object(
              {
                code: Type.String(),
                service: Type.String(),
                start: Type.String({ format: 'date-time' }),
                facility: Type.String(),
              },
              { additionalProperties: false },
            ),
            Type.Null(),
          ]),
          call: Type.Object(
            {
              state: Type.Union([
                Type.Literal('none'),
                Type.Literal('ringing'),
                Type.Literal('talking'),
                Type.Literal('ended'),
              ]),
              legId: Type.Union([Type.String(), Type.Null()]),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    lastAttempt: Type.Union([
      Type.Object(
        {
          name: Type.String(),
          result: Type.Union([Type.String(), Type.Null()]),
          at: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
  },
  { $id: 'CampaignWork', additionalProperties: false },
);

export const VoicePreviewInputSchema = Type.Object(
  {
    message: Type.String({
      maxLength: 4000,
      description: 'What the virtual operator reads (≤ 600 characters)',
    }),
    dispositions: Type.Optional(Type.Array(Type.Ref('CampaignDisposition'), { minItems: 2, maxItems: 8 })),
  },
  { additionalProperties: false },
);

export const VoicePreviewSchema = Type.Object(
  {
    text: Type.String({
      description:
        'The words read for an example person and booking (Mario Rossi, a week ahead at 09:30 Rome)',
    }),
    audio: Type.Union([Type.String(), Type.Null()], {
      description: 'Where to hear them in the switch’s voice (a WAV); null without the live contact centre',
    }),
  },
  { $id: 'CampaignVoicePreview', additionalProperties: false },
);
