import { type CallerBehaviour, pickWeighted, type Random, sample } from '../../telephony/index.ts';
import type { CallerSpec } from './scenario.ts';

/** Seconds an unanswered outbound call rings before the switch gives up. */
const RING_OUT_SECONDS = 30;
/** Shares of simulated patients who, asked by the virtual operator, confirm or cancel (the rest: nothing). */
const RECALL_CONFIRM = 0.75;
const RECALL_CANCEL = 0.15;
/** Share of simulated people who, asked by a campaign's virtual operator, press one of its keys. */
const CAMPAIGN_ANSWER = 0.85;

/**
 * Simulated callers from a scenario. Prompt ids tell them what is being asked: 'ivr:<flow>/<node>' menus,
 * 'callback-offer', 'out-of-hours-callback-offer' (or 'out-of-hours-options'), 'callback-number',
 * the self-service cancellation's code and date (keyed empty: no real code), 'survey:<question>' and the
 * virtual operator's 'recall-ask', 'recall-confirm-cancel' and 'campaign-ask'.
 */
export function scenarioCallers(spec: CallerSpec): CallerBehaviour {
  const scores = Object.fromEntries(spec.surveyScores.map((w, i) => [String(i + 1), w]));
  const maxRedials = spec.redial.maxRedials ?? 3;
  // Defined once, not per response: a closure per call costs millions of allocations in a year.
  const thinkSeconds = (random: Random) => sample(spec.thinkSeconds, random);
  return {
    patienceSeconds: (_call, random) =>
      spec.patience ? sample(spec.patience, random) : Number.POSITIVE_INFINITY,

    respond(call, prompt, random) {
      const id = prompt.id;
      if (id.startsWith('ivr:')) {
        const mix = spec.ivrChoices[id.slice(4)];
        const key = (mix && pickWeighted(mix, random)) ?? prompt.input?.keys[0];
        return key ? { digits: key, afterSeconds: thinkSeconds(random) } : null;
      }
      if (id === 'callback-offer')
        return random.next() < spec.callbackAcceptance
          ? { digits: '1', afterSeconds: thinkSeconds(random) }
          : null;
      if (id === 'out-of-hours-callback-offer' || id === 'out-of-hours-options') {
        return random.next() < spec.outOfHoursCallbackAcceptance
          ? { digits: '1', afterSeconds: thinkSeconds(random) }
          : null;
      }
      if (id === 'callback-number')
        return { digits: `${call.callerId}#`, afterSeconds: thinkSeconds(random) + 5 };
      // OB-4: a simulated caller has no real booking code: they key nothing valid and reach an agent.
      if (id === 'self-cancel-code' || id === 'self-cancel-birth-date')
        return { digits: '#', afterSeconds: thinkSeconds(random) };
      // OB-3: the virtual operator's recall. Most patients confirm, some cancel, a few say nothing.
      if (id === 'recall-ask') {
        const r = random.next();
        if (r < RECALL_CONFIRM) return { digits: '1', afterSeconds: thinkSeconds(random) };
        if (r < RECALL_CONFIRM + RECALL_CANCEL) return { digits: '3', afterSeconds: thinkSeconds(random) };
        return null;
      }
      if (id === 'recall-confirm-cancel') return { digits: '3', afterSeconds: thinkSeconds(random) };
      // OB-5: a campaign's question; any of its keys, evenly (9 only repeats it).
      if (id === 'campaign-ask') {
        const keys = (prompt.input?.keys ?? '').replace('9', '');
        if (!keys || !(random.next() < CAMPAIGN_ANSWER)) return null;
        return {
          digits: keys.charAt(Math.floor(random.next() * keys.length)),
          afterSeconds: thinkSeconds(random),
        };
      }
      if (id.startsWith('survey:')) {
        const score = pickWeighted(scores, random);
        return score ? { digits: score, afterSeconds: thinkSeconds(random) } : null;
      }
      return null;
    },

    redialAfterSeconds(call, _reason, random) {
      if (call.redials >= maxRedials || !(random.next() < spec.redial.probability)) return null;
      return sample(spec.redial.delay, random);
    },

    answerOutbound(call, random) {
      // A campaign's or a recall's call is answered like a callback: the patient does not expect it either.
      const p = call.tag === 'survey' ? spec.answerSurvey : spec.answerCallback;
      const answered = random.next() < p;
      return { answered, afterSeconds: answered ? 3 + 9 * random.next() : RING_OUT_SECONDS };
    },
  };
}
