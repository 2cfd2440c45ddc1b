/** A queue of competence (HD-1): who answers what, from which level. */
export interface HelpdeskQueue {
  id: string;
  name: string;
  /** The level a new ticket of this queue starts at. */
  level: 0 | 1 | 2 | 3;
}

/** The regional contact centre's queues (seed 003: the services it answers for besides bookings). */
export const BUILTIN_QUEUES: readonly HelpdeskQueue[] = [
  { id: 'cup', name: 'CUP e prenotazioni', level: 1 },
  { id: 'tributi', name: 'Tributi regionali', level: 1 },
  { id: 'formazione', name: 'Formazione', level: 1 },
  { id: 'pec', name: 'Caselle PEC', level: 1 },
  { id: 'servizi-online', name: 'Servizi online', level: 1 },
  { id: 'fse', name: 'Fascicolo sanitario elettronico', level: 1 },
];

export const queueById = (id: string) => BUILTIN_QUEUES.find((q) => q.id === id);
