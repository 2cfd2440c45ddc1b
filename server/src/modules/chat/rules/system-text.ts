import type { ChatLanguage } from './reception.ts';

// CC-10: what the chat itself tells the citizen (queue, operator's code, hours, endings), in their
// language. Times are Rome's.

type Key =
  | 'queued'
  | 'closed'
  | 'accepted'
  | 'agentClosed'
  | 'requeued'
  | 'citizenLeft'
  | 'timedOut'
  | 'requestLeft'
  | 'ticketOpened'
  | 'ticketSubject'
  | 'document';

interface Values {
  nextOpening?: Date | null;
  operatorCode?: string | null;
  ticket?: string;
  topic?: string | null;
  /** A document: its name and size. */
  file?: { name: string; bytes: number };
}

function when(d: Date, language: ChatLanguage): string {
  return d.toLocaleString(language === 'it' ? 'it-IT' : 'en-GB', {
    timeZone: 'Europe/Rome',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A topic in Italian words (tickets, the monthly report); greetings and asking for a person name no subject. */
const TOPICS: Record<string, string> = {
  cancel: 'disdetta',
  move: 'spostamento',
  pay: 'pagamento',
  book: 'prenotazione',
  results: 'referti',
  exemption: 'esenzione',
  hours: 'orari',
};
const OTHER_TOPICS: Record<string, string> = {
  operator: 'richiesta di un operatore',
  thanks: 'ringraziamenti',
  greeting: 'saluti',
};

/** The Italian name of a topic; null (nothing recognised): "non riconosciuto". */
export const topicName = (topic: string | null) =>
  topic === null ? 'non riconosciuto' : (TOPICS[topic] ?? OTHER_TOPICS[topic] ?? topic);

export function systemText(language: ChatLanguage, key: Key, v: Values = {}): string {
  const it = language === 'it';
  switch (key) {
    case 'queued':
      return it
        ? 'Ti metto in coda: ti risponderà il primo operatore libero. Resta su questa pagina.'
        : 'You are in the queue: the first free operator will answer. Stay on this page.';
    case 'closed': {
      const next = v.nextOpening ? when(v.nextOpening, language) : null;
      return it
        ? `Ora gli operatori non sono in servizio${next ? `: riprendono ${next}` : ''}. Puoi lasciarci la tua richiesta con un indirizzo e-mail: ti risponderemo per iscritto.`
        : `Operators are not on duty now${next ? `: they are back ${next}` : ''}. You can leave your request with an e-mail address: we will answer in writing.`;
    }
    case 'accepted':
      return v.operatorCode
        ? it
          ? `Ti risponde l'operatore ${v.operatorCode}.`
          : `Operator ${v.operatorCode} is answering you.`
        : it
          ? 'Ti risponde un operatore.'
          : 'An operator is answering you.';
    case 'agentClosed':
      return it ? "L'operatore ha chiuso la conversazione." : 'The operator has ended the conversation.';
    case 'requeued':
      return it
        ? "L'operatore ha dovuto lasciare la conversazione: ti passo al primo operatore libero, senza perdere il tuo posto."
        : 'The operator had to leave the conversation: you go to the first free operator, keeping your place.';
    case 'citizenLeft':
      return it ? 'La persona ha chiuso la conversazione.' : 'The person has ended the conversation.';
    case 'timedOut':
      return it
        ? 'La conversazione è stata chiusa perché la persona non è più collegata.'
        : 'The conversation was closed because the person is no longer connected.';
    case 'requestLeft':
      return it
        ? `Abbiamo ricevuto la tua richiesta (pratica ${v.ticket}): ti risponderemo per e-mail entro 24 ore (senza contare i festivi e il sabato dopo le 14).`
        : `We have received your request (ticket ${v.ticket}): we will answer by e-mail within 24 hours (not counting public holidays and Saturday after 14:00).`;
    case 'ticketOpened':
      return it
        ? `La tua richiesta è stata passata al back office (pratica ${v.ticket}): ti risponderanno per iscritto.`
        : `Your request has been passed to the back office (ticket ${v.ticket}): they will answer in writing.`;
    case 'document': {
      const kb = `${Math.max(1, Math.round((v.file?.bytes ?? 0) / 1024))} kB`;
      return it ? `Documento inviato: ${v.file?.name} (${kb})` : `Document sent: ${v.file?.name} (${kb})`;
    }
    case 'ticketSubject':
      return `Richiesta dalla chat${v.topic && TOPICS[v.topic] ? ` (${TOPICS[v.topic]})` : ''}`;
  }
}
