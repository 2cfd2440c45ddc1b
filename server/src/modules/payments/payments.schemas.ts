import { Type } from '@fastify/type-provider-typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

/** A pagoPA notice as the citizen and the staff see it (BK-8): one definition for both apps. */
export const NoticeSchema = Type.Object({
  noticeNumber: Type.String({ pattern: '^[0-9]{18}$' }),
  groupedNumber: Type.String({ description: 'The notice number in groups of four, as printed' }),
  creditorFiscalCode: Type.String(),
  creditorName: Type.String(),
  amountCents: Type.Integer(),
  status: Type.Union(['issued', 'paid', 'invalidated', 'refund_due', 'refunded'].map((s) => Type.Literal(s))),
  paidAt: Nullable(DateTime),
  qrString: Type.String({ description: 'PAGOPA|002|notice|creditor|cents' }),
  simulated: Type.Boolean({ description: 'Issued by the simulated PSP (simulazione)' }),
});

/** The staff's view: the notice with the appointment it is for. */
export const StaffNoticeSchema = Type.Object(
  { appointmentId: Type.String({ format: 'uuid' }), ...NoticeSchema.properties },
  { $id: 'PaymentNotice' },
);

/** What anyone holding a notice number may learn before paying it (as at any PSP): no health data. */
export const PublicNoticeSchema = Type.Object(
  {
    noticeNumber: Type.String({ pattern: '^[0-9]{18}$' }),
    groupedNumber: Type.String(),
    creditorFiscalCode: Type.String(),
    creditorName: Type.String(),
    amountCents: Type.Integer(),
    status: NoticeSchema.properties.status,
    simulated: Type.Boolean(),
  },
  { $id: 'PublicNotice' },
);

export const NoticeNumberParams = Type.Object({
  number: Type.String({
    maxLength: 40,
    description: 'The notice number as typed: spaces, dots and dashes allowed',
  }),
});

export const IssueNoticeBody = Type.Object(
  { channel: Type.Union([Type.Literal('phone'), Type.Literal('desk')]) },
  { additionalProperties: false },
);
