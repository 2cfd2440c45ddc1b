import { DateTime } from 'luxon';
import { STANDARD_HOURS } from '../engine/calendar.ts';
import type { ContactCentreConfig } from '../engine/config.ts';
import type { IvrFlow } from '../engine/ivr.ts';
import type { QueueConfig } from '../engine/queues.ts';

/** CC-1: the CUP menu by request type; bookings get the highest priority. */
export const CUP_FLOW: IvrFlow = {
  id: 'cup',
  name: 'CUP regionale',
  start: 'benvenuto',
  nodes: {
    benvenuto: {
      type: 'message',
      text: 'Benvenuto nel Centro Unico di Prenotazione della Regione Basilicata.',
      next: 'principale',
    },
    principale: {
      type: 'menu',
      text:
        'Per prenotare una visita o un esame prema 1. Per disdire una prenotazione prema 2. ' +
        'Per conoscere le disponibilità prema 3. Per informazioni su ticket, esenzioni e altro prema 4. ' +
        'Per riascoltare il menu prema asterisco.',
      options: { '1': 'prenotazione', '2': 'disdetta', '3': 'disponibilita', '4': 'informazioni' },
      label: 'Menu principale CUP',
      optionLabels: {
        '1': 'Prenotare una visita o un esame',
        '2': 'Disdire una prenotazione',
        '3': 'Conoscere le disponibilità',
        '4': 'Informazioni su ticket, esenzioni e altro',
      },
      onFailure: 'operatore',
    },
    prenotazione: { type: 'queue', queue: 'cup-prenotazioni', requestType: 'booking', priority: 2 },
    disdetta: { type: 'queue', queue: 'cup-disdette', requestType: 'cancellation', priority: 1 },
    disponibilita: { type: 'queue', queue: 'cup-disponibilita', requestType: 'availability', priority: 1 },
    informazioni: { type: 'queue', queue: 'cup-informazioni', requestType: 'information', priority: 0 },
    operatore: {
      type: 'queue',
      queue: 'cup-informazioni',
      requestType: 'information',
      priority: 0,
      text: 'La mettiamo in contatto con un operatore.',
    },
  },
};

/** CC-1: the AUSL Toscana Centro single number (seed 001): keys 1, 2, 3, 5, 6. */
export const TOSCANA_FLOW: IvrFlow = {
  id: 'toscana',
  name: 'Numero unico Toscana centro',
  start: 'benvenuto',
  nodes: {
    benvenuto: {
      type: 'message',
      text: "Benvenuto nel numero unico dell'Azienda sanitaria.",
      next: 'principale',
    },
    principale: {
      type: 'menu',
      text:
        "Per l'Ufficio relazioni con il pubblico, informazioni, segnalazioni e reclami, prema 1. " +
        'Per le prenotazioni sanitarie prema 2. ' +
        "Per patenti, porto d'armi e certificazioni medico-legali prema 3. " +
        'Per la casa della comunità prema 5. Per la libera professione prema 6.',
      options: {
        '1': 'urp',
        '2': 'prenotazioni',
        '3': 'patenti',
        '5': 'casa-comunita',
        '6': 'libera-professione',
      },
      label: 'Menu principale',
      optionLabels: {
        '1': 'Relazioni con il pubblico, informazioni e reclami',
        '2': 'Prenotazioni sanitarie',
        '3': "Patenti, porto d'armi e certificazioni medico-legali",
        '5': 'Casa della comunità',
        '6': 'Libera professione',
      },
      onFailure: 'urp',
    },
    prenotazioni: {
      type: 'menu',
      text: 'Per prenotare prema 1. Per disdire prema 2. Per conoscere le disponibilità prema 3.',
      options: { '1': 'prenotazione', '2': 'disdetta', '3': 'disponibilita' },
      label: 'Prenotazioni sanitarie',
      optionLabels: { '1': 'Prenotare', '2': 'Disdire', '3': 'Conoscere le disponibilità' },
      onFailure: 'prenotazione',
    },
    urp: { type: 'queue', queue: 'urp', requestType: 'information', priority: 0 },
    prenotazione: { type: 'queue', queue: 'cup-prenotazioni', requestType: 'booking', priority: 2 },
    disdetta: { type: 'queue', queue: 'cup-disdette', requestType: 'cancellation', priority: 1 },
    disponibilita: { type: 'queue', queue: 'cup-disponibilita', requestType: 'availability', priority: 1 },
    patenti: { type: 'queue', queue: 'medicina-legale', requestType: 'certificate', priority: 1 },
    'casa-comunita': { type: 'queue', queue: 'casa-comunita', requestType: 'community-health', priority: 1 },
    'libera-professione': {
      type: 'queue',
      queue: 'libera-professione',
      requestType: 'private-practice',
      priority: 1,
    },
  },
};

const REGIONAL_FLOW: IvrFlow = {
  id: 'regionale',
  name: 'Contact Center regionale',
  start: 'benvenuto',
  nodes: {
    benvenuto: {
      type: 'message',
      text: 'Benvenuto nel Contact Center della Regione Basilicata.',
      next: 'principale',
    },
    principale: {
      type: 'menu',
      text:
        'Per assistenza sui servizi online, la posta elettronica certificata e la firma digitale prema 1. ' +
        'Per i tributi regionali prema 2. Per altre informazioni prema 3.',
      options: { '1': 'servizi', '2': 'servizi', '3': 'informazioni' },
      label: 'Menu principale regionale',
      optionLabels: {
        '1': 'Servizi online, PEC e firma digitale',
        '2': 'Tributi regionali',
        '3': 'Altre informazioni',
      },
      onFailure: 'informazioni',
    },
    servizi: { type: 'queue', queue: 'regionale', requestType: 'regional-service', priority: 1 },
    informazioni: { type: 'queue', queue: 'regionale', requestType: 'information', priority: 0 },
  },
};

const FACILITIES_FLOW: IvrFlow = {
  id: 'strutture',
  name: 'Linea strutture sanitarie',
  start: 'benvenuto',
  nodes: {
    benvenuto: {
      type: 'message',
      text: 'Linea riservata alle strutture sanitarie. La mettiamo in contatto con il secondo livello del CUP.',
      next: 'coda',
    },
    coda: { type: 'queue', queue: 'strutture', requestType: 'facility-support', priority: 1 },
  },
};

const cupQueue = (id: string, name: string, overflow?: QueueConfig['overflow']): QueueConfig => ({
  id,
  name,
  service: 'cup',
  skills: [{ skill: id }],
  ...(overflow ? { overflow } : {}),
  expectedHandlingSeconds: 225,
});

const CUP_QUEUES: QueueConfig[] = [
  cupQueue('cup-prenotazioni', 'CUP prenotazioni'),
  // Booking agents can also cancel and check availability: after a minute those calls reach them too.
  cupQueue('cup-disdette', 'CUP disdette', [{ afterSeconds: 60, skills: [{ skill: 'cup-prenotazioni' }] }]),
  cupQueue('cup-disponibilita', 'CUP disponibilità', [
    { afterSeconds: 60, skills: [{ skill: 'cup-prenotazioni' }] },
  ]),
  cupQueue('cup-informazioni', 'CUP informazioni', [
    { afterSeconds: 90, skills: [{ skill: 'cup-prenotazioni' }, { skill: 'regionale', minLevel: 2 }] },
  ]),
];

/** Basilicata's contact centre (seed 003): CUP and regional lines, the facilities line, retired numbers. */
export function basilicataCentre(options: { numbersRetiredOn?: string } = {}): ContactCentreConfig {
  // CC-7: the old direct numbers answer with a redirect for four months after they are retired.
  const retired = DateTime.fromISO(options.numbersRetiredOn ?? '2026-01-01', { zone: 'Europe/Rome' });
  const until = retired.plus({ months: 4 }).minus({ days: 1 }).toISODate()!;
  return {
    flows: [CUP_FLOW, REGIONAL_FLOW, FACILITIES_FLOW],
    queues: [
      ...CUP_QUEUES,
      {
        id: 'regionale',
        name: 'Contact Center regionale',
        service: 'regionale',
        skills: [{ skill: 'regionale' }],
        overflow: [{ afterSeconds: 120, skills: [{ skill: 'cup-informazioni', minLevel: 2 }] }],
        expectedHandlingSeconds: 530,
      },
      {
        id: 'strutture',
        name: 'Secondo livello strutture',
        service: 'strutture',
        skills: [{ skill: 'secondo-livello' }],
        strategy: 'most-skilled',
      },
    ],
    lines: [
      {
        number: '848 821 821',
        name: 'CUP regionale',
        service: 'cup',
        channels: 60,
        hours: STANDARD_HOURS,
        flow: 'cup',
        outOfHoursCallback: { queue: 'cup-prenotazioni', requestType: 'booking', priority: 1 },
      },
      {
        number: '800 29 20 20',
        name: 'Contact Center regionale',
        service: 'regionale',
        channels: 30,
        hours: STANDARD_HOURS,
        flow: 'regionale',
        outOfHoursCallback: { queue: 'regionale', requestType: 'regional-service', priority: 0 },
      },
      {
        // Placeholder numbers: the tender asks for a geographic 0971/0835 number and an allow-list (CC-6).
        number: '0971 471 300',
        name: 'Linea strutture sanitarie',
        service: 'strutture',
        channels: 10,
        hours: STANDARD_HOURS,
        flow: 'strutture',
        allowedCallers: ['0971 411111', '0835 253111'],
        notAuthorisedText:
          'Questo numero è riservato alle strutture sanitarie abilitate. Per prenotazioni chiami il numero 848 821 821.',
      },
      {
        number: '0971 471373',
        name: 'Vecchio numero CUP',
        service: 'cup',
        channels: 10,
        hours: 'always',
        redirect: {
          text: 'Questo numero non è più attivo. Per il CUP chiami il numero 848 821 821, anche dai cellulari.',
          until,
        },
      },
      {
        number: '0971 471372',
        name: 'Vecchio numero Contact Center',
        service: 'regionale',
        channels: 10,
        hours: 'always',
        redirect: {
          text: 'Questo numero non è più attivo. Per il Contact Center regionale chiami il numero verde 800 29 20 20.',
          until,
        },
      },
    ],
  };
}

/** A Toscana-style single number with its six-service menu (seed 001). */
export function toscanaCentre(): ContactCentreConfig {
  const q = (id: string, name: string, service = 'cup'): QueueConfig => ({
    id,
    name,
    service,
    skills: [{ skill: id }],
    expectedHandlingSeconds: 240,
  });
  return {
    flows: [TOSCANA_FLOW],
    queues: [
      q('urp', 'URP'),
      ...CUP_QUEUES,
      q('medicina-legale', 'Patenti e certificati'),
      q('casa-comunita', 'Casa della comunità'),
      q('libera-professione', 'Libera professione'),
    ].filter((x) => x.id !== 'cup-informazioni'),
    lines: [
      {
        number: '055 545454',
        name: 'Numero unico',
        service: 'cup',
        channels: 60,
        hours: STANDARD_HOURS,
        flow: 'toscana',
      },
    ],
  };
}

/** One always-open line straight into one queue: the M/M/n(+M) set-up of the statistical checks. */
export function singleQueueCentre(channels = 10_000): ContactCentreConfig {
  return {
    flows: [
      {
        id: 'diretto',
        name: 'Coda unica',
        start: 'coda',
        nodes: { coda: { type: 'queue', queue: 'generale', requestType: 'information', priority: 0 } },
      },
    ],
    queues: [{ id: 'generale', name: 'Coda unica', service: 'test', skills: [{ skill: 'generale' }] }],
    lines: [
      {
        number: '0000 000001',
        name: 'Linea di prova',
        service: 'test',
        channels,
        hours: 'always',
        flow: 'diretto',
      },
    ],
    announcements: { repeatEverySeconds: null },
    callbacks: { enabled: false },
    survey: { share: 0 },
  };
}

/** Built-in centres by name, for scenarios. */
export const BUILTIN_CENTRES: Record<string, () => ContactCentreConfig> = {
  basilicata: () => basilicataCentre(),
  toscana: toscanaCentre,
  'single-queue': () => singleQueueCentre(),
};
