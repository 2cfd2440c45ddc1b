import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n.tsx';
import { formatElapsed, pauseReasonLabel, requestTypeLabel } from './labels.ts';

describe('contact-centre labels', () => {
  it('formats time in state and waits as m:ss, and h:mm:ss from an hour on', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(59.9)).toBe('0:59');
    expect(formatElapsed(61)).toBe('1:01');
    expect(formatElapsed(3599)).toBe('59:59');
    expect(formatElapsed(3600)).toBe('1:00:00');
    expect(formatElapsed(3 * 3600 + 5 * 60 + 7)).toBe('3:05:07');
    expect(formatElapsed(-4)).toBe('0:00');
  });

  it('names request types and pause reasons in the UI language, and unknown ones as the server does', () => {
    const it_ = translator('it');
    const en = translator('en');
    expect(requestTypeLabel(it_, 'booking')).toBe('prenotazione');
    expect(requestTypeLabel(en, 'booking')).toBe('booking');
    expect(requestTypeLabel(it_, 'cancellation')).toBe('disdetta');
    expect(requestTypeLabel(it_, 'new-kind')).toBe('new-kind');
    expect(requestTypeLabel(it_, null)).toBe('—');
    expect(pauseReasonLabel(it_, 'formazione')).toBe('formazione');
    expect(pauseReasonLabel(en, 'formazione')).toBe('training');
    expect(pauseReasonLabel(en, 'mensa')).toBe('mensa');
  });
});
