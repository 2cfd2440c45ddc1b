import { describe, expect, it } from 'vitest';
import { keptDetail, type RatingGroup, ratingFigures, reasonProblem } from './ratings.ts';

describe('the rating’s second question (C.SE.1.7)', () => {
  it('asks for difficulties below 4 stars and for what was liked from 4', () => {
    for (const stars of [1, 2, 3]) {
      expect(reasonProblem(stars, 'technical-problems')).toBeNull();
      expect(reasonProblem(stars, 'other')).toBeNull();
      expect(reasonProblem(stars, 'clear')).toMatch(/what was difficult/);
    }
    for (const stars of [4, 5]) {
      expect(reasonProblem(stars, 'no-technical-problems')).toBeNull();
      expect(reasonProblem(stars, 'other')).toBeNull();
      expect(reasonProblem(stars, 'unclear')).toMatch(/what was liked/);
    }
  });
});

describe('the citizen’s words as kept', () => {
  it('masks e-mail addresses, fiscal codes, NREs and phone numbers, and keeps the rest', () => {
    expect(
      keptDetail(
        '  Scrivetemi a mario.rossi@example.it o al 333 123 4567, CF RSSMRA80A01H501U, ricetta 170A01234567890 ',
      ),
    ).toBe('Scrivetemi a [omesso] o al [omesso], CF [omesso], ricetta [omesso]');
    expect(keptDetail('Il pulsante "Prenota" non si vedeva bene')).toBe(
      'Il pulsante "Prenota" non si vedeva bene',
    );
  });

  it('keeps at most 200 characters, and nothing for blank words', () => {
    expect(keptDetail('a'.repeat(250))).toBe('a'.repeat(200));
    // A seven-digit number becomes the eight-letter mask: cut by the limit, it is dropped, not half-written.
    expect(keptDetail(`${'b'.repeat(192)} 1234567`)).toBe('b'.repeat(192));
    expect(keptDetail(`${'b'.repeat(191)} 1234567`)).toBe(`${'b'.repeat(191)} [omesso]`);
    expect(keptDetail('   ')).toBeNull();
    expect(keptDetail(undefined)).toBeNull();
  });
});

describe("a period's figures", () => {
  it('counts by service and stars, averages, and counts each answer under the question asked', () => {
    const groups: RatingGroup[] = [
      { service: 'booking', rating: 5, reason: 'clear', count: 3 },
      { service: 'booking', rating: 4, reason: null, count: 1 },
      { service: 'booking', rating: 2, reason: 'unclear', count: 2 },
      { service: 'payment', rating: 1, reason: 'other', count: 1 },
      { service: 'payment', rating: 4, reason: 'other', count: 1 },
    ];
    const at = (iso: string) => new Date(iso);
    const f = ratingFigures(groups, [
      { at: at('2026-11-20T10:00:00Z'), service: 'payment', rating: 1, reason: 'other', detail: 'lento' },
      { at: at('2026-11-02T10:00:00Z'), service: 'booking', rating: 5, reason: 'clear', detail: 'ottimo' },
    ]);
    // 8 ratings: 5+5+5+4+2+2+1+4 = 28 stars.
    expect(f.ratings).toBe(8);
    expect(f.average).toBe(3.5);
    expect(f.services).toEqual([
      { service: 'booking', ratings: 6, average: 3.83, byStars: [0, 2, 0, 1, 3] },
      { service: 'manage', ratings: 0, average: null, byStars: [0, 0, 0, 0, 0] },
      { service: 'payment', ratings: 2, average: 2.5, byStars: [1, 0, 0, 1, 0] },
      { service: 'kiosk', ratings: 0, average: null, byStars: [0, 0, 0, 0, 0] },
    ]);
    const count = (question: string, reason: string) =>
      f.reasons.find((r) => r.question === question && r.reason === reason)?.count;
    expect(count('difficulties', 'unclear')).toBe(2);
    expect(count('difficulties', 'other')).toBe(1);
    expect(count('liked', 'clear')).toBe(3);
    expect(count('liked', 'other')).toBe(1);
    expect(f.reasons.reduce((n, r) => n + r.count, 0)).toBe(7);
    expect(f.comments.map((c) => c.text)).toEqual(['ottimo', 'lento']);
  });

  it('has no average without ratings', () => {
    expect(ratingFigures([], [])).toMatchObject({ ratings: 0, average: null, comments: [] });
  });
});
