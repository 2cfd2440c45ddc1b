import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import { qrModules } from '../../../platform/qr.ts';

// The booking's promemoria (issue 13 §1): what, when, where, what to bring, how to cancel, the ticket and
// its payment state, and a QR code of the booking code that the kiosk reads (BK-9). In Italian.

const BLUE = '#0066CC';
const GREY = '#5C6F82';
const INK = '#17324D';
const euro = (cents: number) => (cents / 100).toLocaleString('it-IT', { style: 'currency', currency: 'EUR' });
const rome = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/Rome' }).setLocale('it');

const PAYMENT: Record<string, string> = {
  issued: 'da pagare',
  paid: 'pagato',
  invalidated: 'avviso annullato',
  refund_due: 'pagato, rimborso in corso',
  refunded: 'rimborsato',
};

/** What the promemoria prints (the portal's PortalBooking has these fields). */
export interface PromemoriaData {
  code: string;
  keypadCode: string;
  status: string;
  nre: string;
  service: string;
  start: Date;
  unitName: string;
  facility: { name: string; address: string };
  copayCents: number;
  exempt: boolean;
  cancelBy: string;
  cancellationNumber: string | null;
  notice: { status: string; groupedNumber: string } | null;
}

export function promemoriaPdf(b: PromemoriaData, generatedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 50, left: 50, right: 50 },
    lang: 'it-IT',
    displayTitle: true,
    info: { Title: `Promemoria prenotazione ${b.code}`, Author: 'Sportello', CreationDate: generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(20).fillColor(BLUE).text('Promemoria di prenotazione');
  doc.moveDown(0.4).font('Helvetica').fontSize(11).fillColor(GREY).text('Codice di prenotazione');
  doc.font('Courier-Bold').fontSize(22).fillColor(INK).text(b.code);
  if (b.status === 'cancelled') {
    doc.moveDown(0.3).font('Helvetica-Bold').fontSize(13).fillColor('#A61919');
    doc.text(`PRENOTAZIONE DISDETTA (numero di disdetta ${b.cancellationNumber ?? ''})`);
  }
  doc.moveDown(0.6);
  const row = (label: string, value: string) => {
    doc.font('Helvetica').fontSize(11).fillColor(GREY).text(label, { continued: true });
    doc.font('Helvetica-Bold').fillColor(INK).text(`  ${value}`);
  };
  row('Prestazione:', b.service);
  row('Quando:', rome(b.start).toFormat("cccc d LLLL yyyy 'alle' HH:mm"));
  row('Dove:', `${b.facility.name}, ${b.unitName}`);
  row('Indirizzo:', b.facility.address);
  row('Ricetta (NRE):', b.nre);
  row(
    'Ticket:',
    b.exempt ? 'esente' : `${euro(b.copayCents)}${b.notice ? `, ${PAYMENT[b.notice.status]}` : ''}`,
  );
  if (b.notice) row('Codice avviso pagoPA:', b.notice.groupedNumber);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).fillColor(BLUE).text('Cosa portare');
  doc.font('Helvetica').fontSize(11).fillColor(INK);
  const bring = [
    'la ricetta (promemoria con il codice NRE)',
    'la tessera sanitaria e un documento di identità',
    ...(b.exempt
      ? ["l'attestato di esenzione dal ticket"]
      : ['la ricevuta di pagamento del ticket, se hai già pagato']),
    'gli esami e i referti precedenti che riguardano questa prestazione',
  ];
  for (const line of bring) doc.text(`•  ${line}`);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).fillColor(BLUE).text('Se non puoi venire');
  doc.font('Helvetica').fontSize(11).fillColor(INK);
  doc.text(
    `Disdici entro il ${DateTime.fromISO(b.cancelBy, { zone: 'Europe/Rome' }).setLocale('it').toFormat('d LLLL yyyy')}: ` +
      'sul portale con il codice di prenotazione e il codice fiscale, o al numero unico (anche di notte, ' +
      `con il codice ${b.keypadCode} digitato sulla tastiera del telefono). Chi non si presenta senza disdire può dover pagare il ticket.`,
    { width: 495 },
  );

  // The booking code as a QR, for the self check-in kiosk.
  const qr = qrModules(b.code);
  const cell = 3;
  const x0 = 50 + 4 * cell;
  const y0 = doc.y + 20;
  doc.fillColor('#000000');
  for (let r = 0; r < qr.size; r++)
    for (let c = 0; c < qr.size; c++) if (qr.dark(r, c)) doc.rect(x0 + c * cell, y0 + r * cell, cell, cell);
  doc.fill();
  doc.font('Helvetica').fontSize(9).fillColor(GREY);
  doc.text("Mostra questo codice al totem dell'accettazione.", x0 + qr.size * cell + 20, y0 + 10, {
    width: 300,
  });
  doc.end();
  return done;
}
