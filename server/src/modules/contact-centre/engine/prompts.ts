import type { Prompt } from '../../telephony/index.ts';

/** Digits read one by one ("4 5 2 1"), as a voice reads a code or a number. */
export function spelled(digits: string): string {
  // A prompt of every answered call says the operator's code: no array per call.
  let out = digits.charAt(0);
  for (let i = 1; i < digits.length; i++) out += ` ${digits.charAt(i)}`;
  return out;
}

function minutesText(seconds: number): string {
  const m = Math.max(1, Math.round(seconds / 60));
  return m === 1 ? 'un minuto' : `${m} minuti`;
}

/** The fixed messages of the engine, in Italian. Texts of IVR menus live in the flows. */
export const prompts = {
  /** CC-2: right after the answer, the operator's code. */
  operatorCode: (code: string): Prompt => ({
    id: 'operator-code',
    variable: true,
    text: `Le risponde l'operatore con codice ${spelled(code)}.`,
  }),
  position: (position: number, waitSeconds: number): Prompt => ({
    id: 'queue-position',
    variable: true,
    text: Number.isFinite(waitSeconds)
      ? `Lei è in posizione ${position}. Il tempo di attesa stimato è di circa ${minutesText(waitSeconds)}.`
      : `Lei è in posizione ${position}. Al momento non è possibile stimare il tempo di attesa.`,
  }),
  /** CC-3: hang up and keep the place in the queue. */
  callbackOffer: (): Prompt => ({
    id: 'callback-offer',
    text: 'Se preferisce essere richiamato senza perdere la sua posizione, prema 1. Altrimenti resti in linea.',
    input: { keys: '1', maxDigits: 1 },
  }),
  callbackNumber: (): Prompt => ({
    id: 'callback-number',
    text: 'Digiti il numero al quale desidera essere richiamato, seguito dal tasto cancelletto.',
    input: { keys: '0123456789#', maxDigits: 15, terminator: '#' },
  }),
  /** CC-3: the number read back; 1 confirms it, or the caller keys another. */
  callbackConfirmNumber: (number: string): Prompt => ({
    id: 'callback-confirm-number',
    variable: true,
    text:
      `La richiameremo al numero ${spelled(number)}. Per confermare prema 1; ` +
      'per un altro numero, lo digiti seguito dal tasto cancelletto.',
    input: { keys: '0123456789#', maxDigits: 15, terminator: '#' },
  }),
  callbackNumberInvalid: (): Prompt => ({
    id: 'callback-number-invalid',
    text: 'Il numero digitato non è un numero di telefono fisso o mobile italiano valido.',
  }),
  /** The request could not be stored: the caller is not promised a callback. */
  callbackNotStored: (inQueue: boolean): Prompt => ({
    id: 'callback-not-stored',
    text: inQueue
      ? 'Non è stato possibile registrare la richiesta di richiamata. Resti in linea: non perde la sua posizione.'
      : 'Non è stato possibile registrare la richiesta di richiamata. La preghiamo di richiamare negli orari di apertura.',
  }),
  callbackConfirmed: (number: string): Prompt => ({
    id: 'callback-confirmed',
    variable: true,
    text: `Grazie. La richiameremo al numero ${spelled(number)} appena sarà il suo turno. Arrivederci.`,
  }),
  callbackConfirmedAfterOpening: (number: string): Prompt => ({
    id: 'callback-confirmed-ooh',
    variable: true,
    text: `Grazie. La richiameremo al numero ${spelled(number)} dopo l'apertura del servizio. Arrivederci.`,
  }),
  callbackGreeting: (): Prompt => ({
    id: 'callback-greeting',
    text: 'Buongiorno, la richiamiamo come da sua richiesta. La mettiamo in contatto con un operatore.',
  }),
  /** OB-5: an agent's campaign call, when the patient answers. */
  campaignGreeting: (): Prompt => ({
    id: 'campaign-greeting',
    text: 'Buongiorno, la chiamiamo dal CUP regionale.',
  }),
  /** OB-3: the virtual operator's recall; the booking's words come from the driver. */
  recallAsk: (text: string): Prompt => ({
    id: 'recall-ask',
    variable: true,
    text: `${text} Per confermare la prenotazione prema 1. Per disdirla prema 3. Per riascoltare prema 9.`,
    input: { keys: '139', maxDigits: 1 },
  }),
  recallConfirmCancel: (): Prompt => ({
    id: 'recall-confirm-cancel',
    text: 'Ha scelto di disdire la prenotazione. Per confermare la disdetta prema 3. Per tornare indietro prema 9.',
    input: { keys: '39', maxDigits: 1 },
  }),
  recallConfirmed: (): Prompt => ({
    id: 'recall-confirmed',
    text: 'Grazie, la prenotazione è confermata. Arrivederci.',
  }),
  recallKept: (): Prompt => ({
    id: 'recall-kept',
    text: 'Non abbiamo ricevuto una scelta: la prenotazione resta valida. Arrivederci.',
  }),
  /** OB-5: a campaign's virtual operator call; the message and its options' words come from the campaign. */
  campaignAsk: (text: string, keys: string): Prompt => ({
    id: 'campaign-ask',
    variable: true,
    text: `${text} Per riascoltare prema 9.`,
    input: { keys: `${keys}9`, maxDigits: 1 },
  }),
  campaignThanks: (): Prompt => ({
    id: 'campaign-thanks',
    text: 'Grazie, la sua risposta è stata registrata.',
  }),
  campaignNoChoice: (): Prompt => ({
    id: 'campaign-no-choice',
    text: 'Non abbiamo ricevuto una risposta.',
  }),
  /** CC-4. */
  outOfHours: (): Prompt => ({
    id: 'out-of-hours',
    text:
      'Il servizio è attivo dal lunedì al venerdì dalle 8 alle 20 e il sabato dalle 8 alle 14, esclusi i festivi. ' +
      'La preghiamo di richiamare negli orari di apertura.',
  }),
  outOfHoursCallbackOffer: (): Prompt => ({
    id: 'out-of-hours-callback-offer',
    text: "Se desidera essere richiamato dopo l'apertura del servizio, prema 1.",
    input: { keys: '1', maxDigits: 1 },
  }),
  /** OB-4: cancelling stays open when the line is closed; with the callback offer, one prompt for both. */
  outOfHoursSelfCancelOffer: (withCallback: boolean): Prompt =>
    withCallback
      ? {
          id: 'out-of-hours-options',
          text:
            "Se desidera essere richiamato dopo l'apertura del servizio, prema 1. " +
            'Per disdire una prenotazione, a qualsiasi ora, prema 2.',
          input: { keys: '12', maxDigits: 1 },
        }
      : {
          id: 'out-of-hours-self-cancel-offer',
          text: 'Per disdire una prenotazione, a qualsiasi ora, prema 2.',
          input: { keys: '2', maxDigits: 1 },
        },
  queueFull: (): Prompt => ({
    id: 'queue-full',
    text: 'Tutti gli operatori sono occupati e non è possibile attendere in linea. La preghiamo di richiamare più tardi.',
  }),
  /** OB-4: the self-service cancellation. */
  selfCancelCode: (): Prompt => ({
    id: 'self-cancel-code',
    text:
      'Digiti il codice di prenotazione, le otto cifre e lettere dopo P R N, usando i tasti del telefono: ' +
      'per una lettera, il tasto su cui è scritta. Oppure il codice numerico del promemoria. Poi prema cancelletto.',
    input: { keys: '0123456789#', maxDigits: 9, terminator: '#' },
  }),
  selfCancelBirthDate: (): Prompt => ({
    id: 'self-cancel-birth-date',
    text: 'Digiti la data di nascita del paziente: giorno, mese e anno, otto cifre, poi cancelletto.',
    input: { keys: '0123456789#', maxDigits: 9, terminator: '#' },
  }),
  selfCancelInvalid: (): Prompt => ({
    id: 'self-cancel-invalid',
    text: 'Quanto digitato non è valido.',
  }),
  selfCancelNotFound: (): Prompt => ({
    id: 'self-cancel-not-found',
    text: 'Non troviamo una prenotazione ancora da svolgere con questo codice e questa data di nascita.',
  }),
  selfCancelConfirm: (description: string): Prompt => ({
    id: 'self-cancel-confirm',
    variable: true,
    text: `La prenotazione è: ${description}. Per disdirla prema 1. Per lasciarla com'è prema 2.`,
    input: { keys: '12', maxDigits: 1 },
  }),
  selfCancelDone: (number: string): Prompt => ({
    id: 'self-cancel-done',
    variable: true,
    text: `La prenotazione è disdetta e il posto è ora libero per altri pazienti. Il numero di disdetta è ${spelled(number.replace(/-/g, ''))}. Ripeto: ${spelled(number.replace(/-/g, ''))}.`,
  }),
  selfCancelKept: (): Prompt => ({
    id: 'self-cancel-kept',
    text: 'La prenotazione resta valida.',
  }),
  selfCancelUnavailable: (): Prompt => ({
    id: 'self-cancel-unavailable',
    text: 'Il servizio di disdetta automatica non è al momento disponibile.',
  }),
  goodbye: (): Prompt => ({ id: 'goodbye', text: 'Grazie per aver chiamato. Arrivederci.' }),
  transferring: (): Prompt => ({ id: 'transferring', text: 'La stiamo trasferendo, attenda in linea.' }),
  message: (id: string, text: string): Prompt => ({ id, text }),
};
