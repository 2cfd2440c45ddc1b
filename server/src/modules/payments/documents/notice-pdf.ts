import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import { qrModules } from '../../../platform/qr.ts';

// BK-8: the printable pagoPA notice, in Italian. The notice number is printed in groups of four and the
// QR code carries `PAGOPA|002|…`, which any PSP's app can read (the citizen's complaint: the payment code
// hidden on the printout). Drawn with pdfkit; the QR's modules are drawn as squares.

const BLUE = '#0066CC';
const GREY = '#5C6F82';
const euro = (cents: number) => (cents / 100).toLocaleString('it-IT', { style: 'currency', currency: 'EUR' });

type NoticeStatus = 'issued' | 'paid' | 'invalidated' | 'refund_due' | 'refunded';

/** What the notice prints (the payments module's PaymentNotice has these fields). */
export interface PrintableNotice {
  groupedNumber: string;
  creditorFiscalCode: string;
  amountCents: number;
  description: string;
  status: NoticeStatus;
  createdAt: Date;
  qrString: string;
  adapter: string;
}

export interface NoticeDocument {
  notice: PrintableNotice;
  creditorName: string;
  /** The appointment, so the citizen knows what the notice is for. */
  appointment: { code: string; service: string; start: Date; facility: string };
}

const STATUS_TEXT: Record<NoticeStatus, string> = {
  issued: 'Da pagare',
  paid: 'Pagato',
  invalidated: 'Annullato (prenotazione disdetta): non pagare',
  refund_due: 'Pagato, prenotazione disdetta: rimborso in corso',
  refunded: 'Rimborsato',
};

export function noticePdf(d: NoticeDocument): Promise<Buffer> {
  const n = d.notice;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 50, left: 50, right: 50 },
    lang: 'it-IT',
    displayTitle: true,
    info: { Title: `Avviso di pagamento ${n.groupedNumber}`, Author: 'Sportello', CreationDate: n.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(20).fillColor(BLUE).text('Avviso di pagamento pagoPA');
  if (n.adapter === 'simulated') {
    doc.moveDown(0.3).font('Helvetica-Bold').fontSize(11).fillColor('#A61919');
    doc.text('SIMULAZIONE: avviso dimostrativo, non pagabile nel circuito pagoPA.');
  }
  doc.moveDown(0.8).font('Helvetica').fontSize(11).fillColor('#17324D');
  const row = (label: string, value: string) => {
    doc.font('Helvetica').fillColor(GREY).text(label, { continued: true });
    doc.font('Helvetica-Bold').fillColor('#17324D').text(`  ${value}`);
  };
  row('Ente creditore:', `${d.creditorName} (C.F. ${n.creditorFiscalCode})`);
  row('Oggetto del pagamento:', n.description);
  row('Prenotazione:', `${d.appointment.code}, ${d.appointment.service}`);
  row(
    'Appuntamento:',
    `${DateTime.fromJSDate(d.appointment.start, { zone: 'Europe/Rome' }).setLocale('it').toFormat("cccc d LLLL yyyy 'alle' HH:mm")}, ${d.appointment.facility}`,
  );
  row('Stato:', STATUS_TEXT[n.status]);
  doc.moveDown(0.8);
  doc.font('Helvetica').fontSize(11).fillColor(GREY).text('Importo');
  doc.font('Helvetica-Bold').fontSize(24).fillColor('#17324D').text(euro(n.amountCents));
  doc.moveDown(0.4).font('Helvetica').fontSize(11).fillColor(GREY).text('Codice avviso');
  doc.font('Courier-Bold').fontSize(20).fillColor('#17324D').text(n.groupedNumber);
  doc.moveDown(0.4).font('Helvetica').fontSize(11).fillColor(GREY).text('Codice fiscale ente creditore');
  doc.font('Courier-Bold').fontSize(14).fillColor('#17324D').text(n.creditorFiscalCode);

  // The QR code, 4 cm wide with its quiet zone, beside nothing: scanners want white around it.
  const qr = qrModules(n.qrString);
  const side = 113;
  const cell = side / (qr.size + 8);
  const x0 = 50 + 4 * cell;
  const y0 = doc.y + 20 + 4 * cell;
  doc.fillColor('#000000');
  for (let r = 0; r < qr.size; r++) {
    for (let c = 0; c < qr.size; c++) if (qr.dark(r, c)) doc.rect(x0 + c * cell, y0 + r * cell, cell, cell);
  }
  doc.fill();
  doc.y = y0 + qr.size * cell + 4 * cell + 10;
  doc.x = 50;
  doc.moveDown(0.5).font('Helvetica').fontSize(10).fillColor('#17324D');
  doc.text(
    "Come pagare: inquadra il codice QR con l'app della tua banca o con l'app IO, oppure paga online dal portale, " +
      'in banca, negli uffici postali, nei punti vendita SISAL, Lottomatica e Banca 5 indicando il codice avviso e ' +
      "il codice fiscale dell'ente creditore.",
    { width: 495 },
  );
  doc.end();
  return done;
}
