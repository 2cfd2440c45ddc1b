import { describe, expect, it } from 'vitest';
import { answer, normalise, recognise } from './reception.ts';

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
