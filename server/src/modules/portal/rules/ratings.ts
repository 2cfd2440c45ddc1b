import { maskPersonalData } from '../../../platform/personal-data.ts';

/**
 * The online services' rating (Designers Italia, criterion C.SE.1.7): "Quanto è stato facile usare questo
 * servizio?" on 1–5 stars; then, below 4, where the difficulties were, from 4, what was liked best, each
 * from a fixed list; then up to 200 characters of free text. Anonymous: no person, no address.
 */

export const RATING_SERVICES = ['booking', 'manage', 'payment', 'kiosk'] as const;
export type RatingService = (typeof RATING_SERVICES)[number];

/** "Dove hai incontrato le maggiori difficoltà?" — asked for 1 to 3 stars. */
export const DIFFICULTIES = [
  'unclear',
  'incomplete',
  'unsure-progress',
  'technical-problems',
  'other',
] as const;
/** "Quali sono stati gli aspetti che hai preferito?" — asked for 4 or 5 stars. */
export const LIKED = ['clear', 'complete', 'sure-progress', 'no-technical-problems', 'other'] as const;
export type RatingReason = (typeof DIFFICULTIES)[number] | (typeof LIKED)[number];
export const RATING_REASONS: readonly RatingReason[] = [
  ...new Set<RatingReason>([...DIFFICULTIES, ...LIKED]),
];

export const DETAIL_MAX_LENGTH = 200;

/** The criterion's cut: below 4 stars the second question asks for difficulties. */
export const isLow = (rating: number) => rating < 4;

export type RatingQuestion = 'difficulties' | 'liked';
/** The second question asked after `rating` stars. */
export const questionAfter = (rating: number): RatingQuestion => (isLow(rating) ? 'difficulties' : 'liked');

/** Why this reason does not answer the question asked after `rating` stars; null when it does. */
export function reasonProblem(rating: number, reason: RatingReason): string | null {
  const asked: readonly RatingReason[] = isLow(rating) ? DIFFICULTIES : LIKED;
  if (asked.includes(reason)) return null;
  return isLow(rating)
    ? `after ${rating} stars the question is what was difficult: one of ${DIFFICULTIES.join(', ')}`
    : `after ${rating} stars the question is what was liked: one of ${LIKED.join(', ')}`;
}

/**
 * The citizen's free text as kept: trimmed, at most 200 characters, with what looks like an e-mail address,
 * a fiscal code or a long number (phone, NRE) replaced — the form asks for no personal data, and this keeps
 * the contacts that are easy to recognise out of the reports. Empty → null.
 */
export function keptDetail(text: string | undefined): string | null {
  if (text === undefined) return null;
  // Masked first, so that no number is cut in half by the limit; the mask may lengthen the text.
  let kept = maskPersonalData(text).trim().slice(0, DETAIL_MAX_LENGTH);
  // A mask cut by the limit is dropped rather than left half-written.
  if (kept.length === DETAIL_MAX_LENGTH) kept = kept.replace(/\[(o(m(e(s(so?)?)?)?)?)?$/, '');
  kept = kept.trim();
  return kept.length === 0 ? null : kept;
}

/** A period's ratings counted by service, stars and answer to the second question. */
export interface RatingGroup {
  service: RatingService;
  rating: number;
  reason: RatingReason | null;
  count: number;
}

/** One rating with the citizen's words. */
export interface RatingComment {
  at: Date;
  service: RatingService;
  rating: number;
  reason: RatingReason | null;
  detail: string;
}

export interface RatingFigures {
  /** Every rating of the period. */
  ratings: number;
  /** Mean stars, to two decimals; null without ratings. */
  average: number | null;
  services: {
    service: RatingService;
    ratings: number;
    average: number | null;
    /** How many gave 1, 2, 3, 4 and 5 stars. */
    byStars: [number, number, number, number, number];
  }[];
  /** The second question's answers: difficulties after 1–3 stars, what was liked after 4–5. */
  reasons: { question: RatingQuestion; reason: RatingReason; count: number }[];
  /** The free texts, oldest first (at most COMMENTS_KEPT, the latest). */
  comments: {
    at: string;
    service: RatingService;
    rating: number;
    reason: RatingReason | null;
    text: string;
  }[];
}

export const COMMENTS_KEPT = 500;

const mean = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 100) / 100);

/** The period's figures from its counted ratings and its comments (any order). */
export function ratingFigures(
  groups: readonly RatingGroup[],
  withText: readonly RatingComment[],
): RatingFigures {
  const total = (gs: readonly RatingGroup[]) => gs.reduce((n, g) => n + g.count, 0);
  const stars = (gs: readonly RatingGroup[]) => gs.reduce((n, g) => n + g.count * g.rating, 0);
  const services = RATING_SERVICES.map((service) => {
    const own = groups.filter((g) => g.service === service);
    const byStars: [number, number, number, number, number] = [0, 0, 0, 0, 0];
    for (const g of own) byStars[g.rating - 1]! += g.count;
    return { service, ratings: total(own), average: mean(stars(own), total(own)), byStars };
  });
  const reasons = (['difficulties', 'liked'] as const).flatMap((question: RatingQuestion) =>
    (question === 'difficulties' ? DIFFICULTIES : LIKED).map((reason) => ({
      question,
      reason,
      count: total(groups.filter((g) => g.reason === reason && questionAfter(g.rating) === question)),
    })),
  );
  const comments = [...withText]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .slice(-COMMENTS_KEPT)
    .map((c) => ({
      at: c.at.toISOString(),
      service: c.service,
      rating: c.rating,
      reason: c.reason,
      text: c.detail,
    }));
  return { ratings: total(groups), average: mean(stars(groups), total(groups)), services, reasons, comments };
}

/** The criterion's own Italian words, for the reports (the web has its translations). */
const REASON_WORDS: {
  difficulties: Record<(typeof DIFFICULTIES)[number], string>;
  liked: Record<(typeof LIKED)[number], string>;
} = {
  difficulties: {
    unclear: 'A volte le indicazioni non erano chiare',
    incomplete: 'A volte le indicazioni non erano complete',
    'unsure-progress': 'A volte non capivo se stavo procedendo correttamente',
    'technical-problems': 'Ho avuto problemi tecnici',
    other: 'Altro',
  },
  liked: {
    clear: 'Le indicazioni erano chiare',
    complete: 'Le indicazioni erano complete',
    'sure-progress': 'Capivo sempre che stavo procedendo correttamente',
    'no-technical-problems': 'Non ho avuto problemi tecnici',
    other: 'Altro',
  },
};

/** An answer in the criterion's words, under the question it answered (its key if not one of that question's). */
export const answerWords = (question: RatingQuestion, reason: RatingReason): string =>
  (REASON_WORDS[question] as Record<string, string>)[reason] ?? reason;

export const SERVICE_WORDS: Record<RatingService, string> = {
  booking: 'Prenotazione',
  manage: 'Gestione della prenotazione',
  payment: 'Pagamento del ticket',
  kiosk: 'Accettazione al totem',
};
