import { describe, expect, it } from 'vitest';
import { answer, decide, nextTopic, normalise, recognise, subjectOf, topicAfter } from './reception.ts';

// CC-10: what the automatic reception recognises in what citizens write, as they write it.
describe('the chat reception', () => {
  it.each([
    ['Buongiorno, devo disdire la visita di domani', 'cancel'],
    ['vorrei annullare la prenotazione', 'cancel'],
    ['Non posso venire giovedì', 'cancel'],
    ['DISDETTA ECOGRAFIA', 'cancel'],
    ["posso spostare l'appuntamento a un altro giorno?", 'move'],
    ['si può anticipare la risonanza?', 'move'],
    ['devo cambiare la data della visita', 'move'],
    ['come pago il ticket?', 'pay'],
    ['ho ricevuto un avviso pagoPA', 'pay'],
    ['dove trovo il referto', 'results'],
    ['ho diritto all’esenzione?', 'exemption'],
    ['vorrei prenotare una visita cardiologica', 'book'],
    ['Ho una ricetta del medico', 'book'],
    ['a che ora aprite sabato?', 'hours'],
    ['quali sono gli orari', 'hours'],
    ['vorrei parlare con un operatore per disdire', 'operator'],
    ['mi passi una persona vera per favore', 'operator'],
    ['grazie mille', 'thanks'],
    ['Buonasera', 'greeting'],
    ['I need to cancel my appointment', 'cancel'],
    ['Can I reschedule?', 'move'],
    ['I want to talk to a human', 'operator'],
    ['mio figlio ha la febbre', 'unknown'],
    ['storia', 'unknown'],
  ])('"%s" is %s', (text, intent) => {
    expect(recognise(text)).toBe(intent);
  });

  it('reads words without their accents and case', () => {
    expect(normalise('Potrò VENIRE lunedì?')).toBe('potro venire lunedi');
    expect(recognise('Non potrò venire')).toBe('cancel');
  });

  it('offers each intent its own page, and a person where one may help', () => {
    expect(answer('disdire', 'it').actions).toEqual([
      { kind: 'link', href: '/portale/gestisci', label: 'Gestisci una prenotazione' },
      { kind: 'operator', label: 'Parla con un operatore' },
    ]);
    expect(answer('prenotare', 'en').actions).toEqual([
      { kind: 'link', href: '/portale/prenota', label: 'Book a service' },
      { kind: 'operator', label: 'Talk to an operator' },
    ]);
    expect(answer('grazie', 'it').actions).toEqual([]);
    expect(answer('xyz', 'it')).toMatchObject({ intent: 'unknown', actions: [{ kind: 'operator' }] });
  });
});

describe("a conversation's topic", () => {
  it('keeps what was asked when the citizen then asks for a person or says thanks', () => {
    expect(nextTopic(null, 'cancel')).toBe('cancel');
    expect(nextTopic('cancel', 'operator')).toBe('cancel');
    expect(nextTopic('cancel', 'thanks')).toBe('cancel');
    expect(nextTopic('cancel', 'unknown')).toBe('cancel');
  });
  it('finds the subject beside a request for a person, and none in a greeting', () => {
    expect(recognise('Prenotare una visita, posso parlare con un operatore?')).toBe('operator');
    expect(subjectOf('Prenotare una visita, posso parlare con un operatore?')).toBe('book');
    expect(subjectOf('Come pago il ticket? Voglio un operatore')).toBe('pay');
    expect(subjectOf('Buongiorno, vorrei parlare con qualcuno')).toBeNull();
  });
  it('takes a later subject over an earlier one, and a person over a greeting', () => {
    expect(nextTopic('cancel', 'move')).toBe('move');
    expect(nextTopic('greeting', 'operator')).toBe('operator');
    expect(nextTopic(null, 'greeting')).toBe('greeting');
    expect(nextTopic(null, 'unknown')).toBeNull();
  });
});

describe("the reception's reading with a language model", () => {
  it("takes the model's intent, unless it has none or the citizen asked for a person in so many words", () => {
    expect(decide('unknown', 'book')).toEqual({ intent: 'book', by: 'model' });
    expect(decide('cancel', 'move')).toEqual({ intent: 'move', by: 'model' });
    expect(decide('cancel', 'unknown')).toEqual({ intent: 'cancel', by: 'rules' });
    expect(decide('pay', null)).toEqual({ intent: 'pay', by: 'rules' });
    expect(decide('operator', 'greeting')).toEqual({ intent: 'operator', by: 'rules' });
    expect(decide('unknown', 'operator')).toEqual({ intent: 'operator', by: 'model' });
  });

  it("keeps the subject beside a request for a person; the model's reading is the subject itself", () => {
    const text = 'Prenotare una visita, posso parlare con un operatore?';
    expect(topicAfter(null, text, { intent: 'operator', by: 'rules' })).toBe('book');
    expect(topicAfter(null, text, { intent: 'operator', by: 'model' })).toBe('book');
    expect(topicAfter(null, 'il foglio rosa', { intent: 'book', by: 'model' })).toBe('book');
    // The model reads a move where the words say "disdire … e prenotare": its reading decides.
    expect(topicAfter(null, 'disdire e prenotare un altro giorno', { intent: 'move', by: 'model' })).toBe(
      'move',
    );
    expect(topicAfter('cancel', 'grazie', { intent: 'thanks', by: 'model' })).toBe('cancel');
    expect(answer('il foglio rosa', 'it', 'book').actions[0]).toEqual({
      kind: 'link',
      href: '/portale/prenota',
      label: 'Prenota una prestazione',
    });
  });
});
