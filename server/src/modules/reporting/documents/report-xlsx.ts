import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import type { ReportData } from '../rules/report.types.ts';
import { reportTables } from './report-tables.ts';

/** MR-3: the report's tables as one workbook, a sheet each, header row bold and kept in view. */
export async function reportXlsx(d: ReportData): Promise<Buffer> {
  const sheets = reportTables(d).map((t) => ({
    sheet: t.name,
    stickyRowsCount: 1,
    data: [
      t.columns.map((c) => ({ value: c, fontWeight: 'bold' as const })),
      ...t.rows.map((r) => r.map((v) => (v === null ? null : { value: v }))),
    ] as SheetData,
  }));
  return writeXlsxFile(sheets).toBuffer();
}
