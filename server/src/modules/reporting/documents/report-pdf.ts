import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import { topicName } from '../../chat/index.ts';
import { answerWords, SERVICE_WORDS } from '../../portal/index.ts';
import type { ReportData, StoredReport } from '../rules/report.types.ts';

// MR-3: the report as a document for the region, in Italian: traffic with its charts, the contract's
// levels and penalties, channel occupancy with the +20% rule, the decisions recorded. Drawn with pdfkit.

type Doc = PDFKit.PDFDocument;
const ZONE = 'Europe/Rome';
const LEFT = 50;
const WIDTH = 495;
const BLUE = '#0066CC';
const GREY = '#5C6F82';

const pct = (v: number | null) =>
  v === null ? 'n.d.' : `${(v * 100).toLocaleString('it-IT', { maximumFractionDigits: 1 })}%`;
const num = (v: number | null, digits = 0) =>
  v === null ? 'n.d.' : v.toLocaleString('it-IT', { maximumFractionDigits: digits });
const when = (iso: string) =>
  DateTime.fromISO(iso, { zone: ZONE }).setLocale('it').toFormat('d LLLL yyyy HH:mm');

function periodTitle(d: Pick<ReportData, 'kind' | 'period' | 'from' | 'to'>): string {
  const from = DateTime.fromISO(d.from, { zone: ZONE }).setLocale('it');
  if (d.kind === 'monthly') return `Report mensile: ${from.toFormat('LLLL yyyy')}`;
  const last = DateTime.fromISO(d.to, { zone: ZONE }).minus({ days: 1 }).setLocale('it');
  return `Report settimanale: settimana ${d.period} (${from.toFormat('d LLLL')} - ${last.toFormat('d LLLL yyyy')})`;
}

export function reportPdf(r: StoredReport): Promise<Buffer> {
  const d = r.data;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 50, left: LEFT, right: 50 },
    lang: 'it-IT',
    displayTitle: true,
    info: {
      Title: periodTitle(d),
      Author: 'Sportello',
      Subject: 'Report dei livelli di servizio (MR-3)',
      CreationDate: new Date(r.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(18).fillColor(BLUE).text(periodTitle(d));
  doc.moveDown(0.3).font('Helvetica').fontSize(9).fillColor(GREY);
  doc.text(
    `Versione ${r.version}, generato il ${when(r.generatedAt)} ${r.generatedBy ? `da ${r.generatedBy}` : 'dal processo pianificato'}. Periodo: dal ${when(d.from)} al ${when(d.to)} (ora di Roma).`,
  );
  if (d.sources.includes('simulazione')) {
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11).fillColor('#A61919');
    doc.text('SIMULAZIONE: i dati provengono dal centralino simulato, non da chiamate reali.');
  }
  if (d.sources.length === 0) {
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11).fillColor('#A61919');
    doc.text('Nessun contatto registrato nel periodo.');
  }

  traffic(doc, d);
  levels(doc, d);
  occupancy(doc, d, r);
  chat(doc, d);
  reminders(doc, d);
  portalRatings(doc, d);
  doc.end();
  return done;
}

function section(doc: Doc, title: string) {
  if (doc.y > 680) doc.addPage();
  doc.moveDown(1).font('Helvetica-Bold').fontSize(13).fillColor(BLUE).text(title, LEFT);
  doc.moveDown(0.3).font('Helvetica').fontSize(9).fillColor('black');
}

/** Two columns of label and value. */
function pairs(doc: Doc, rows: [string, string][]) {
  for (const [label, value] of rows) {
    if (doc.y > 760) doc.addPage();
    const y = doc.y;
    doc.font('Helvetica').text(label, LEFT, y, { width: 330 });
    const below = doc.y;
    doc.font('Helvetica-Bold').text(value, LEFT + 340, y, { width: 155, align: 'right' });
    doc.x = LEFT;
    doc.y = Math.max(below, doc.y) + 2;
  }
  doc.font('Helvetica');
}

/** A bar chart of one or two series, with its caption and a y scale. */
function bars(
  doc: Doc,
  caption: string,
  labels: string[],
  series: { name: string; colour: string; values: number[] }[],
  scale?: number,
) {
  const height = 120;
  if (doc.y + height + 50 > 790) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(9).fillColor('black').text(caption, LEFT);
  const top = doc.y + 6;
  const max = scale ?? Math.max(1, ...series.flatMap((s) => s.values));
  const slot = (WIDTH - 30) / Math.max(1, labels.length);
  const barWidth = Math.max(1, (slot * 0.8) / series.length);
  doc.lineWidth(0.5).strokeColor(GREY);
  doc
    .moveTo(LEFT + 30, top)
    .lineTo(LEFT + 30, top + height)
    .lineTo(LEFT + WIDTH, top + height)
    .stroke();
  doc.font('Helvetica').fontSize(7).fillColor(GREY);
  doc.text(num(max), LEFT, top - 3, { width: 27, align: 'right' });
  doc.text('0', LEFT, top + height - 4, { width: 27, align: 'right' });
  labels.forEach((label, i) => {
    const x = LEFT + 30 + i * slot + slot * 0.1;
    series.forEach((s, k) => {
      const h = ((s.values[i] ?? 0) / max) * height;
      if (h > 0) doc.rect(x + k * barWidth, top + height - h, barWidth, h).fill(s.colour);
    });
    const every = Math.ceil(labels.length / 16);
    if (i % every === 0)
      doc
        .fillColor(GREY)
        .text(label, LEFT + 30 + i * slot, top + height + 3, { width: slot * every, lineBreak: false });
  });
  let x = LEFT + 30;
  const legendY = top + height + 14;
  for (const s of series) {
    doc.rect(x, legendY, 8, 8).fill(s.colour);
    doc.fillColor('black').text(s.name, x + 11, legendY, { lineBreak: false });
    x += 11 + doc.widthOfString(s.name) + 16;
  }
  doc.x = LEFT;
  doc.y = legendY + 16;
  doc.fontSize(9).fillColor('black');
}

function traffic(doc: Doc, d: ReportData) {
  const t = d.traffic.total;
  section(doc, '1. Traffico (MR-2)');
  pairs(doc, [
    ['Chiamate arrivate alle linee', num(t.arrived)],
    ['Chiamate entrate in coda per un operatore', num(t.offered)],
    ['Risposte da un operatore', num(t.answered)],
    [`Risposte entro ${d.traffic.targetSeconds} s dall'ingresso in coda`, num(t.answeredWithinTarget)],
    [
      `Abbandonate in coda entro ${d.traffic.targetSeconds} s / oltre`,
      `${num(t.abandonedShort)} / ${num(t.abandonedLong)}`,
    ],
    ['Abbandonate nel risponditore automatico', num(t.abandonedInIvr)],
    ['Chiamate che hanno trovato occupato', num(t.busy)],
    ['Fuori orario / respinte', `${num(t.outOfHours)} / ${num(t.turnedAway)}`],
    ['Richiamate richieste / risposte', `${num(t.callbacksRequested)} / ${num(t.callbacksAnswered)}`],
    ['Attesa media in coda alla risposta (s)', num(t.averageSpeedOfAnswerSeconds, 1)],
    ['Attesa media dalla richiesta alla richiamata (s)', num(t.callbackAverageSpeedOfAnswerSeconds, 1)],
    ['Durata media della conversazione (s)', num(t.averageTalkSeconds, 1)],
    ['Tempo medio di gestione: conversazione e post-chiamata (s)', num(t.averageHandlingSeconds, 1)],
    [
      'Chiamate in attesa in coda / nel risponditore, in media',
      `${num(t.averageWaitingInQueue, 2)} / ${num(t.averageInIvr, 2)}`,
    ],
    ['Operatori attivi contemporaneamente, in media', num(t.averageActiveAgents, 1)],
    ['Risolte al primo contatto (esiti registrati)', pct(d.traffic.outcomes.firstContactResolution)],
    [
      'Questionari completati / voto medio',
      `${num(d.traffic.surveys.completed)} / ${num(d.traffic.surveys.averageScore, 2)}`,
    ],
  ]);
  doc.moveDown(0.5).font('Helvetica-Bold').text('Per tipo di richiesta').font('Helvetica');
  pairs(
    doc,
    d.traffic.byRequestType.map((r) => [
      r.requestType,
      `${num(r.answered)} risposte, attesa media ${num(r.averageSpeedOfAnswerSeconds, 1)} s; ${num(r.callbacksAnswered)} richiamate, attesa media ${num(r.callbackAverageSpeedOfAnswerSeconds, 1)} s`,
    ]),
  );
  doc.moveDown(0.8);
  bars(
    doc,
    'Chiamate per giorno',
    d.traffic.byDay.map((r) => r.date.slice(8)),
    [
      { name: 'arrivate', colour: '#7FB2E5', values: d.traffic.byDay.map((r) => r.arrived) },
      { name: 'risposte', colour: BLUE, values: d.traffic.byDay.map((r) => r.answered) },
    ],
  );
  bars(
    doc,
    'Chiamate per ora del giorno (somma del periodo)',
    d.traffic.byHour.map((r) => String(r.hour)),
    [
      { name: 'arrivate', colour: '#7FB2E5', values: d.traffic.byHour.map((r) => r.arrived) },
      { name: 'abbandonate', colour: '#D9364F', values: d.traffic.byHour.map((r) => r.abandoned) },
    ],
  );
}

function levels(doc: Doc, d: ReportData) {
  section(doc, '2. Livelli di servizio e penali (MR-5)');
  doc
    .fillColor(GREY)
    .text(
      `Fonte: ${d.sla.source}. L'attesa si misura dall'inizio della chiamata (risponditore compreso) alla risposta dell'operatore; una chiamata persa conta per la sua intera durata; i punti percentuali si contano interi. Penali come quota del valore mensile del servizio.`,
    );
  doc.fillColor('black');
  for (const s of d.sla.services) {
    doc
      .moveDown(0.5)
      .font('Helvetica-Bold')
      .text(`Servizio ${s.service} (linee ${s.lines.join(', ')}): ${num(s.calls)} chiamate`);
    doc.font('Helvetica');
    pairs(
      doc,
      s.rules.map((rule) => [
        rule.description,
        `${pct(rule.measured)} ${rule.met === null ? '' : rule.met ? '(rispettato)' : `(non rispettato, ${rule.points} punti: ${pct(rule.penaltyShare)})`}`,
      ]),
    );
    doc.font('Helvetica-Bold').text(`Penale del servizio: ${pct(s.penaltyShare)} del valore`, LEFT);
    doc.font('Helvetica');
  }
  const a = d.sla.availability;
  if (a) {
    doc
      .moveDown(0.5)
      .font('Helvetica-Bold')
      .text('Continuità del risponditore automatico e indisponibilità tecnica', LEFT);
    doc.font('Helvetica');
    pairs(doc, [
      [
        'Continuità IVR 24/7 almeno 95% (al netto delle manutenzioni programmate)',
        a.ivr.measured === null
          ? 'non misurata'
          : `${pct(a.ivr.measured)} ${a.ivr.met ? '(rispettato)' : `(non rispettato, ${a.ivr.points} punti: ${pct(a.ivr.penaltyShare)})`}`,
      ],
      [
        'Minuti di indisponibilità / di manutenzione programmata',
        `${num(a.downMinutes)} / ${num(a.maintenanceMinutes)}`,
      ],
      [
        'Risposta con operatore indisponibile per problemi tecnici (ore lavorative iniziate)',
        `${num(a.technical.workingHours)} (${num(a.technical.penaltyEuro)} €)`,
      ],
    ]);
  }
  const o = d.sla.outbound;
  if (o) {
    doc.moveDown(0.5).font('Helvetica-Bold').text('Campagne in uscita (operatori)', LEFT);
    doc.font('Helvetica');
    pairs(doc, [
      [
        "Esiti positivi sulle chiamate effettuate almeno 50%; 1% del valore dell'outbound per punto in meno",
        o.positiveShare === null
          ? 'nessuna chiamata'
          : `${pct(o.positiveShare)} di ${num(o.calls)} ${o.met ? '(rispettato)' : `(non rispettato, ${o.points} punti: ${pct(o.positivePenaltyShare)})`}`,
      ],
      [
        'Pacchetti da 100 contatti entro 24 ore lavorative; 3% per ora di ritardo',
        `${num(o.batches.length)} pacchetti, ${num(o.lateHours)} ore di ritardo (${pct(o.latePenaltyShare)})`,
      ],
    ]);
  }
  const tu = d.sla.turnover;
  if (tu) {
    doc.moveDown(0.5).font('Helvetica-Bold').text('Turnover annuale degli operatori', LEFT);
    doc.font('Helvetica');
    pairs(doc, [
      [
        `Turnover non superiore al 15% (dal ${tu.from} al ${tu.to}${tu.final ? ', anno concluso' : ', anno in corso'}); 0,5% della fornitura`,
        tu.rate === null
          ? 'nessun operatore nel registro'
          : `${pct(tu.rate)}: ${num(tu.leavers)} cessazioni su ${tu.averageHeadcount.toFixed(1).replace('.', ',')} operatori in media ${tu.met ? '(rispettato)' : tu.final ? `(non rispettato: ${pct(tu.penaltyShare)})` : '(sopra la soglia finora)'}`,
      ],
    ]);
  }
  const hd = d.sla.helpdesk;
  if (hd) {
    doc.moveDown(0.5).font('Helvetica-Bold').text('Help desk: contatti scritti e secondo livello', LEFT);
    doc.font('Helvetica');
    pairs(
      doc,
      hd.map((l) => [
        l.description,
        l.share === null
          ? 'nessun caso'
          : `${pct(l.share)} (${num(l.met)} su ${num(l.measured)}) ${l.points === 0 ? '(rispettato)' : `(non rispettato, ${l.points} punti: ${pct(l.penaltyShare)})`}`,
      ]),
    );
  }
  if (d.sla.notMeasured.length > 0) {
    doc.moveDown(0.5).fillColor(GREY).text('Livelli non ancora misurati:');
    for (const n of d.sla.notMeasured) doc.text(`- ${n.description}`);
    doc.fillColor('black');
  }
}

function occupancy(doc: Doc, d: ReportData, r: StoredReport) {
  section(doc, '3. Occupazione dei canali telefonici (CC-5)');
  doc.text(
    'Per ogni linea e fascia di 30 minuti: il picco di canali occupati contemporaneamente e le chiamate che hanno trovato occupato. Una fascia è satura quando tutti i canali sono stati occupati; con due fasce consecutive sature si attiva una scalabilità del 20% dei canali.',
  );
  for (const l of d.occupancy) {
    doc.moveDown(0.6).font('Helvetica-Bold').text(`Linea ${l.line}: ${l.channels} canali`, LEFT);
    doc.font('Helvetica');
    pairs(doc, [
      ['Picco di canali occupati', num(l.peak)],
      ['Chiamate arrivate / con occupato', `${num(l.arrived)} / ${num(l.busy)}`],
      [
        'Fasce sature / coppie di fasce consecutive sature',
        `${num(l.saturatedBands)} / ${num(l.consecutiveSaturations.length)}`,
      ],
      [
        'Raccomandazione',
        l.recommendation
          ? `portare i canali da ${l.recommendation.from} a ${l.recommendation.channels}`
          : 'nessuna',
      ],
    ]);
    const days = new Map<string, number>();
    for (const b of l.bands)
      days.set(b.start.slice(8, 10), Math.max(days.get(b.start.slice(8, 10)) ?? 0, b.peak));
    bars(
      doc,
      `Linea ${l.line}: picco giornaliero di canali occupati (su ${l.channels})`,
      [...days.keys()],
      [{ name: 'picco', colour: BLUE, values: [...days.values()] }],
      Math.max(l.channels, l.peak),
    );
  }
  if (r.decisions.length > 0) {
    doc.moveDown(0.5).font('Helvetica-Bold').text('Decisioni registrate', LEFT);
    doc.font('Helvetica');
    for (const dec of r.decisions)
      doc.text(
        `${when(dec.decidedAt)}, ${dec.decidedBy}: linea ${dec.line} da ${dec.channelsFrom} a ${dec.channelsTo} canali${dec.note ? ` (${dec.note})` : ''}`,
      );
  }
}

function reminders(doc: Doc, d: ReportData) {
  const r = d.reminders;
  if (!r) return;
  section(doc, '5. Promemoria degli appuntamenti (OB-1, OB-7)');
  doc.text(
    "Gli appuntamenti del periodo ancora prenotati al loro inizio. Per legge (DL 73/2024, art. 3 c. 5) il CUP ricorda l'appuntamento e chiede di confermarlo o disdirlo almeno due giorni lavorativi prima (festivi nazionali e santo patrono del comune della struttura esclusi): conta un SMS consegnato, un'e-mail accettata dal server di posta o una chiamata dell'operatore virtuale a cui il paziente ha risposto. Un SMS accettato dal gestore senza ricevuta di consegna (il gestore non la invia, o non ancora) è contato a parte: inviato, ma non si sa se sia arrivato.",
  );
  doc.moveDown(0.3);
  pairs(doc, [
    ['Appuntamenti', num(r.appointments)],
    ['Raggiunti in tempo / in ritardo', `${num(r.onTime)} / ${num(r.late)}`],
    [
      'SMS accettati dal gestore, senza ricevuta di consegna',
      r.noReceipt === undefined ? '—' : num(r.noReceipt),
    ],
    ['Tentati senza raggiungere il paziente', num(r.notReached)],
    ['Nessun tentativo (nessun recapito utilizzabile o consenso negato)', num(r.notTried)],
    ['Prenotati dopo la scadenza (esclusi dalla copertura)', num(r.bookedLate)],
    ['Copertura in tempo', r.coverage === null ? '—' : `${num(r.coverage * 100, 1)}%`],
  ]);
}

function chat(doc: Doc, d: ReportData) {
  const c = d.chat;
  if (!c) return;
  section(doc, '4. Chat con il CUP (CC-10)');
  doc.text(
    "Le chat iniziate nel periodo sul portale: prima risponde l'accoglienza automatica, poi, se il cittadino lo chiede, un operatore. L'attesa va dalla richiesta di un operatore alla presa in carico; il capitolato non fissa un livello di servizio per la chat.",
  );
  doc.moveDown(0.3);
  pairs(doc, [
    ['Chat iniziate', num(c.started)],
    ["Concluse dall'accoglienza automatica", num(c.started === 0 ? null : c.selfService)],
    ['Richieste di un operatore / prese in carico', `${num(c.queued)} / ${num(c.answered)}`],
    ['Prese in carico entro 60 s', num(c.answeredWithin60s)],
    ['Attesa media / massima (s)', `${num(c.averageWaitSeconds)} / ${num(c.longestWaitSeconds)}`],
    ['Abbandonate in attesa', num(c.abandoned)],
    ['Richieste scritte lasciate / passate al back office', `${num(c.requestsLeft)} / ${num(c.tickets)}`],
    ['Valutazioni / voto medio (1-5)', `${num(c.ratings)} / ${num(c.averageRating, 1)}`],
  ]);
  if (c.byTopic.length > 0) {
    doc.moveDown(0.5).font('Helvetica-Bold').text('Per argomento', LEFT).font('Helvetica');
    pairs(
      doc,
      c.byTopic.map((t) => [
        topicName(t.topic),
        `${num(t.started)} chat, ${num(t.answered)} prese in carico, attesa media ${num(t.averageWaitSeconds)} s`,
      ]),
    );
  }
}

function portalRatings(doc: Doc, d: ReportData) {
  const r = d.portalRatings;
  if (!r) return;
  section(doc, '6. Servizi online: quanto è stato facile usarli (C.SE.1.7)');
  doc.text(
    'Le valutazioni anonime dei cittadini alla fine di ogni servizio del portale ("Quanto è stato facile usare questo servizio?", da 1 a 5 stelle), poi, sotto le 4 stelle, dove hanno incontrato le maggiori difficoltà, da 4 in su, che cosa hanno preferito. I commenti scritti sono nella tabella "commenti_portale" del file Excel e CSV.',
  );
  doc.moveDown(0.3);
  pairs(doc, [
    ['Valutazioni / voto medio (1-5)', `${num(r.ratings)} / ${num(r.average, 2)}`],
    ...r.services
      .filter((s) => s.ratings > 0)
      .map((s): [string, string] => [
        SERVICE_WORDS[s.service],
        `${num(s.ratings)}, voto medio ${num(s.average, 2)}; per stelle 1-5: ${s.byStars.join(' / ')}`,
      ]),
  ]);
  for (const question of ['difficulties', 'liked'] as const) {
    const answers = r.reasons.filter((a) => a.question === question && a.count > 0);
    if (answers.length === 0) continue;
    doc
      .moveDown(0.5)
      .font('Helvetica-Bold')
      .text(
        question === 'difficulties'
          ? 'Dove hanno incontrato le maggiori difficoltà'
          : 'Che cosa hanno preferito',
        LEFT,
      )
      .font('Helvetica');
    pairs(
      doc,
      answers.map((a) => [answerWords(question, a.reason), num(a.count)]),
    );
  }
}
