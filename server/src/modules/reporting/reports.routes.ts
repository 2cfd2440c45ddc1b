import { Type } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors.ts';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { reportPdf } from './documents/report-pdf.ts';
import { REPORT_TABLES, reportTables, tableCsv } from './documents/report-tables.ts';
import { reportXlsx } from './documents/report-xlsx.ts';
import { ReportKindSchema, ReportSchema, ReportSummarySchema } from './reporting.schemas.ts';
import { generateReport, getReport, listReports, recordCapacityDecision } from './reports/reports.service.ts';

// MR-3, CC-5: the stored reports, their documents (PDF, XLSX, CSV) and the capacity decisions.

const READERS = ['cup-manager', 'supervisor'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function reportsRoutes(app: App, deps: AppDeps) {
  app.addSchema(ReportSummarySchema);
  app.addSchema(ReportSchema);
  const ctx = (r: Parameters<typeof contextOf>[0]) => contextOf(r, deps.clock);
  const tags = ['reporting'];
  const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

  app.get(
    '/api/v1/reporting/reports',
    {
      config: { roles: [...READERS] },
      schema: {
        tags,
        summary: 'MR-3: the weekly and monthly reports made, every version, newest period first',
        response: { 200: Type.Array(Type.Ref('ReportSummary')), ...errorResponses },
      },
    },
    async (request) => listReports(deps.db, ctx(request)),
  );
  app.post(
    '/api/v1/reporting/reports',
    {
      config: { roles: ['cup-manager'] },
      schema: {
        tags,
        summary:
          'MR-3: make a report of a past week or month now (the scheduled job makes them by itself); a period made before gets a new version, computed from the same events',
        body: Type.Object(
          {
            kind: ReportKindSchema,
            period: Type.String({ description: "'YYYY-MM' for a month, 'YYYY-Www' for an ISO week" }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String({ format: 'uuid' }), version: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await generateReport(deps.db, ctx(request), request.body)),
  );
  app.get(
    '/api/v1/reporting/reports/:id',
    {
      config: { roles: [...READERS] },
      schema: {
        tags,
        summary:
          'A report: JSON; format=pdf the document (charts), xlsx a workbook of its tables, csv one table (table=livelli|giorni|ore|code|tipi|linee|occupazione|canali|chat|promemoria; layout in docs/indicators.md)',
        params: IdParams,
        querystring: Type.Object(
          {
            format: Type.Optional(
              Type.Union([Type.Literal('pdf'), Type.Literal('xlsx'), Type.Literal('csv')]),
            ),
            table: Type.Optional(Type.Union(REPORT_TABLES.map((t) => Type.Literal(t)))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Ref('Report', { description: 'JSON; with format the file instead' }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const r = await getReport(deps.db, ctx(request), request.params.id);
      const { format, table } = request.query;
      if (!format) return r;
      const name = `report-${r.kind === 'monthly' ? 'mensile' : 'settimanale'}-${r.period}-v${r.version}`;
      if (format === 'pdf') {
        reply.header('content-disposition', `attachment; filename="${name}.pdf"`);
        return reply.type('application/pdf').send(await reportPdf(r));
      }
      if (format === 'xlsx') {
        reply.header('content-disposition', `attachment; filename="${name}.xlsx"`);
        return reply.type(XLSX).send(await reportXlsx(r.data));
      }
      const t = reportTables(r.data).find((x) => x.name === (table ?? 'livelli'));
      // A report made before a table existed (the chat's, the reminders') does not have it.
      if (!t) throw new AppError('NOT_FOUND', 'this report was made before that table was measured', 'table');
      reply.header('content-disposition', `attachment; filename="${name}-${t.name}.csv"`);
      return reply.type('text/csv; charset=utf-8').send(tableCsv(t));
    },
  );
  app.post(
    '/api/v1/reporting/reports/:id/capacity-decisions',
    {
      config: { roles: ['cup-manager'] },
      schema: {
        tags,
        summary:
          "CC-5: record the channels decided for a line after the report (the +20% rule's recommendation applied, or another number, with a note); kept with the report",
        params: IdParams,
        body: Type.Object(
          {
            line: Type.String({ minLength: 1, maxLength: 40 }),
            channels: Type.Integer({ minimum: 1, maximum: 10_000 }),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await recordCapacityDecision(deps.db, ctx(request), request.params.id, request.body)),
  );
}
