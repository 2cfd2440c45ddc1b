// CC-10: the chat's automatic reception. It reads what the citizen wrote, recognises what they want
// (an intent) from Italian and English words, and answers with the way to do it themself (a portal page)
// or passes them to an operator. Every answer is written here, so none can be wrong in a way nobody read,
// and it says plainly that it is an automatic assistant. Where the region runs a language model
// (CHAT_ASSISTANT_URL), the model may read the intent instead of the words below; it only chooses among
// these intents, never writes an answer (see decide).

export const INTENTS = [
  'operator',
  'cancel',
  'move',
  'pay',
  'results',
  'exemption',
  'book',
  'hours',
  'thanks',
  'greeting',
  'unknown',
] as const;
export type Intent = (typeof INTENTS)[number];
/** A conversation's topic: what the citizen asked about, for the queue and the report (see nextTopic). */
export const TOPICS = INTENTS.filter((i): i is Exclude<Intent, 'unknown'> => i !== 'unknown');
export type Topic = (typeof TOPICS)[number];

/** What a topic says of the request: a subject (cancel, book…) over asking for a person over courtesies. */
const WEIGHT: Record<Topic, number> = {
  greeting: 0,
  thanks: 0,
  operator: 1,
  cancel: 2,
  move: 2,
  pay: 2,
  results: 2,
  exemption: 2,
  book: 2,
  hours: 2,
};

/**
 * The topic after a message: the intent recognised, unless it says less of the request than the topic
 * already has ("vorrei disdire" then "un operatore, per favore" stays a cancellation); a message not
 * understood leaves it as it was.
 */
export function nextTopic(current: Topic | null, intent: Intent): Topic | null {
  if (intent === 'unknown') return current;
  if (current !== null && WEIGHT[intent] < WEIGHT[current]) return current;
  return intent;
}
export type ChatLanguage = 'it' | 'en';

export type ChatAction = { kind: 'link'; href: string; label: string } | { kind: 'operator'; label: string };

export interface AssistantTurn {
  intent: Intent;
  body: string;
  actions: ChatAction[];
}

/**
 * Word beginnings that name each intent, checked in this order: the first intent with a match wins, so
 * "disdire la prenotazione" is a cancellation (not a booking) and "parlare con un operatore per
 * disdire" asks for a person. Accents are removed before matching.
 */
const CUES: [Exclude<Intent, 'unknown'>, { prefixes: string[]; phrases?: string[]; words?: string[] }][] = [
  [
    'operator',
    {
      prefixes: ['operator', 'umano', 'umana', 'human', 'agent', 'impiegat'],
      phrases: ['parlare con', 'talk to', 'speak to', 'speak with', 'una persona', 'a person', 'qualcuno'],
    },
  ],
  [
    'cancel',
    {
      prefixes: ['disdi', 'disdett', 'annull', 'cancell', 'revoc', 'rinunc', 'cancel', 'disdic'],
      phrases: ['non posso venire', 'non potro venire', 'non posso andare', "can't come", 'cannot come'],
    },
  ],
  [
    'move',
    {
      prefixes: ['spost', 'rinvi', 'anticip', 'posticip', 'reschedul', 'postpon'],
      phrases: [
        'cambiare data',
        'cambiare la data',
        "cambiare l'orario",
        'cambiare orario',
        'altra data',
        'change the date',
        'another date',
        'move my',
      ],
    },
  ],
  [
    'pay',
    {
      prefixes: ['paga', 'pago', 'pagat', 'ticket', 'avviso', 'avvisi', 'bollettin', 'iuv', 'pay', 'copay'],
    },
  ],
  ['results', { prefixes: ['referto', 'referti', 'risultat', 'esito', 'esiti', 'result', 'report'] }],
  ['exemption', { prefixes: ['esenzion', 'esente', 'esenti', 'exempt'] }],
  [
    'book',
    {
      prefixes: [
        'prenot',
        'appuntament',
        'visita',
        'visite',
        'esame',
        'esami',
        'ricetta',
        'impegnativ',
        'book',
        'appointment',
        'prescription',
      ],
      phrases: ['fissare'],
    },
  ],
  [
    'hours',
    {
      prefixes: ['orari', 'orario', 'apert', 'chius', 'hours', 'open', 'closed'],
      phrases: ['quando risponde', 'a che ora'],
    },
  ],
  ['thanks', { prefixes: ['grazie', 'thank', 'thx'] }],
  ['greeting', { prefixes: [], words: ['ciao', 'buongiorno', 'buonasera', 'salve', 'hello', 'hi', 'hey'] }],
];

/** Lower case, accents removed, everything but letters and apostrophes made a space. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[^a-z']+/g, ' ')
    .trim();
}

/** What the citizen wants, from their words ('unknown' when nothing matches). */
export function recognise(text: string): Intent {
  return firstCue(text, CUES) ?? 'unknown';
}

const SUBJECT_CUES = CUES.filter(([intent]) => WEIGHT[intent] === 2);

/** The first subject named in the text (a booking, a cancellation…), even beside asking for a person. */
export function subjectOf(text: string): Topic | null {
  return firstCue(text, SUBJECT_CUES);
}

function firstCue(text: string, cues: typeof CUES): Exclude<Intent, 'unknown'> | null {
  const norm = ` ${normalise(text)} `;
  // Words split on apostrophes too ("l'appuntamento"), so each word's beginning can be matched.
  const words = norm.split(/[\s']+/).filter(Boolean);
  for (const [intent, cue] of cues) {
    if (cue.phrases?.some((p) => norm.includes(` ${p}`))) return intent;
    if (cue.words?.some((x) => words.includes(x))) return intent;
    if (cue.prefixes.some((p) => words.some((w) => w.startsWith(p)))) return intent;
  }
  return null;
}

const PORTAL = { book: '/portale/prenota', manage: '/portale/gestisci', pay: '/portale/paga' } as const;

const TEXT = {
  it: {
    operator: 'Ti passo a un operatore.',
    cancel:
      'Puoi disdire da solo, a qualsiasi ora, in "Gestisci una prenotazione": ti servono il codice fiscale e il codice della prenotazione (lo trovi nel promemoria o nell\'SMS). Il posto torna subito libero per chi aspetta. Se preferisci, ti passo a un operatore.',
    move: 'Puoi spostare l\'appuntamento da solo in "Gestisci una prenotazione", con il codice fiscale e il codice della prenotazione: vedi le date libere e scegli. Se preferisci, ti passo a un operatore.',
    pay: 'Puoi pagare il ticket con pagoPA: dalla prenotazione in "Gestisci una prenotazione", oppure con il numero dell\'avviso in "Paga un avviso". Se hai un dubbio sull\'importo, ti passo a un operatore.',
    results:
      'Il CUP prenota le prestazioni ma non conserva i referti: li trovi nel tuo Fascicolo Sanitario Elettronico o li ritiri presso la struttura che ha eseguito la prestazione. Per altro, ti passo a un operatore.',
    exemption:
      "L'esenzione dal ticket la indica il medico sulla ricetta; le esenzioni per reddito si chiedono alla propria ASL. Per un caso particolare, ti passo a un operatore.",
    book: 'Puoi prenotare da solo in "Prenota una prestazione": ti servono il codice fiscale e il numero della ricetta elettronica (NRE). Ti proponiamo la prima data disponibile. Se preferisci, ti passo a un operatore.',
    hours:
      'Gli operatori rispondono al telefono e in chat dal lunedì al venerdì dalle 8 alle 20 e il sabato dalle 8 alle 14; sono chiusi la domenica e nei giorni festivi. Sul portale prenoti, disdici e paghi a qualsiasi ora.',
    thanks: 'Prego! Se ti serve altro, scrivi pure.',
    greeting:
      'Buongiorno! Dimmi in poche parole di cosa hai bisogno: prenotare, disdire o spostare un appuntamento, pagare il ticket…',
    unknown:
      'Non sono sicuro di aver capito. Puoi scriverlo con altre parole (per esempio "disdire una visita" o "pagare il ticket"), oppure parlare con un operatore.',
    labels: {
      book: 'Prenota una prestazione',
      manage: 'Gestisci una prenotazione',
      pay: 'Paga un avviso',
      operator: 'Parla con un operatore',
    },
  },
  en: {
    operator: "I'll pass you to an operator.",
    cancel:
      'You can cancel yourself, at any hour, in "Manage a booking": you need your tax code and the booking code (in the reminder or the SMS). The place is freed at once for whoever is waiting. If you prefer, I can pass you to an operator.',
    move: 'You can move the appointment yourself in "Manage a booking", with your tax code and the booking code: see the free dates and choose. If you prefer, I can pass you to an operator.',
    pay: 'You can pay the co-payment with pagoPA: from the booking in "Manage a booking", or with the notice number in "Pay a notice". If you are unsure about the amount, I can pass you to an operator.',
    results:
      'The CUP books services but does not keep test results: find them in your Electronic Health Record or collect them where the service was given. For anything else, I can pass you to an operator.',
    exemption:
      'The exemption from the co-payment is written by the doctor on the prescription; income exemptions are asked for at your local health authority (ASL). For a particular case, I can pass you to an operator.',
    book: 'You can book yourself in "Book a service": you need your tax code and the electronic prescription number (NRE). We offer you the first available date. If you prefer, I can pass you to an operator.',
    hours:
      'Operators answer the phone and the chat Monday to Friday 8:00–20:00 and Saturday 8:00–14:00; closed on Sundays and public holidays. On the portal you can book, cancel and pay at any hour.',
    thanks: "You're welcome! If you need anything else, just write.",
    greeting:
      'Hello! Tell me in a few words what you need: to book, cancel or move an appointment, pay the co-payment…',
    unknown:
      'I am not sure I understood. You can put it in other words (for example "cancel a visit" or "pay the co-payment"), or talk to an operator.',
    labels: {
      book: 'Book a service',
      manage: 'Manage a booking',
      pay: 'Pay a notice',
      operator: 'Talk to an operator',
    },
  },
} as const;

/** Who read a message's intent: the written rules, or the region's language model. */
export interface Reading {
  intent: Intent;
  by: 'rules' | 'model';
}

/**
 * The intent to act on, from the rules' reading and the model's (null: no model, or no usable answer). The
 * model's wins where it names one, as it reads what the word lists miss ("il medico mi ha dato un foglio
 * rosa"); the rules' wins where the model could not place the message, and always when the citizen asks
 * for a person in the rules' words: no model stands between a citizen and an operator.
 */
export function decide(rules: Intent, model: Intent | null): Reading {
  if (rules === 'operator' || model === null || model === 'unknown') return { intent: rules, by: 'rules' };
  return { intent: model, by: 'model' };
}

/**
 * The conversation's topic after a message: asking for a person keeps the subject named beside it
 * ("prenotare una visita, posso parlare con un operatore?" is about a booking); the rules look for that
 * subject in the words, the model's reading is the subject itself.
 */
export function topicAfter(current: Topic | null, text: string, reading: Reading): Topic | null {
  const subject = reading.by === 'model' && reading.intent !== 'operator' ? reading.intent : subjectOf(text);
  return nextTopic(current, subject ?? reading.intent);
}

/** The assistant's answer to one message: what was recognised, the text, and the ways on. */
export function answer(
  text: string,
  language: ChatLanguage,
  intent: Intent = recognise(text),
): AssistantTurn {
  const t = TEXT[language];
  const operator: ChatAction = { kind: 'operator', label: t.labels.operator };
  const link = (page: keyof typeof PORTAL, label: string): ChatAction => ({
    kind: 'link',
    href: PORTAL[page],
    label,
  });
  const actions: Record<Intent, ChatAction[]> = {
    operator: [],
    cancel: [link('manage', t.labels.manage), operator],
    move: [link('manage', t.labels.manage), operator],
    pay: [link('manage', t.labels.manage), link('pay', t.labels.pay), operator],
    results: [operator],
    exemption: [operator],
    book: [link('book', t.labels.book), operator],
    hours: [operator],
    thanks: [],
    greeting: [operator],
    unknown: [operator],
  };
  return { intent, body: t[intent], actions: actions[intent] };
}
