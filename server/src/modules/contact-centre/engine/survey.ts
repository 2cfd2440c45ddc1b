import { dialable } from './calls.ts';
import type { EngineCore } from './core.ts';
import { type LineRuntime, normaliseNumber } from './lines.ts';
import type { Agent, Call } from './state.ts';
import { cancel, type Timer } from './timers.ts';

/** Seconds between attempts to find a free channel for a survey call. */
const CHANNEL_RETRY_SECONDS = 60;

interface Survey {
  readonly id: string;
  readonly callId: string;
  readonly agentId: string;
  readonly number: string;
  readonly line: LineRuntime;
  readonly firstTry: number;
  state: 'scheduled' | 'dialling' | 'asking';
  question: number;
  answers: number;
  answeredAt: number;
  timer: Timer | null;
}

/**
 * CC-8: the hot survey. A share of handled calls gets an automatic call back shortly after the end,
 * with keypad questions scored 1–5. The sample is systematic (every 1/share-th handled call, from a
 * random start), so each day's sample stays within one call of the share.
 */
export class SurveyDesk {
  private readonly byLeg = new Map<string, Survey>();
  private accumulator: number | null = null;

  constructor(private readonly core: EngineCore) {}

  consider(call: Call, agent: Agent): void {
    const share = this.core.config.survey.share;
    if (share <= 0 || !dialable(call.callerId)) return;
    this.accumulator ??= this.core.random.next();
    this.accumulator += share;
    if (this.accumulator < 1) return;
    this.accumulator -= 1;
    const survey: Survey = {
      id: `${call.id}-sv`,
      callId: call.id,
      agentId: agent.id,
      number: normaliseNumber(call.callerId),
      line: call.line,
      firstTry: this.core.now,
      state: 'scheduled',
      question: 0,
      answers: 0,
      answeredAt: 0,
      timer: null,
    };
    survey.timer = this.core.after(this.core.config.survey.delaySeconds, () => this.dial(survey));
  }

  private dial(s: Survey): void {
    const core = this.core;
    s.timer = null;
    if (!s.line.seize()) {
      if (core.now - s.firstTry >= core.config.survey.maxChannelWaitSeconds * 1000) {
        this.ended(s, 'no-channel');
      } else {
        s.timer = core.after(CHANNEL_RETRY_SECONDS, () => this.dial(s));
      }
      return;
    }
    s.state = 'dialling';
    this.byLeg.set(s.id, s);
    core.command({ type: 'originate', callId: s.id, to: s.number, from: s.line.number, tag: 'survey' });
    core.emit({
      type: 'survey.dialled',
      at: core.now,
      surveyId: s.id,
      callId: s.callId,
      legId: s.id,
      line: s.line.number,
      channelsInUse: s.line.inUse,
    });
  }

  answered(legId: string): boolean {
    const s = this.byLeg.get(legId);
    if (!s) return false;
    s.state = 'asking';
    s.answeredAt = this.core.now;
    this.core.play(s.id, { id: 'survey-intro', text: this.core.config.survey.intro });
    this.ask(s);
    return true;
  }

  private ask(s: Survey): void {
    const q = this.core.config.survey.questions[s.question]!;
    this.core.play(s.id, { id: `survey:${q.id}`, text: q.text, input: { keys: '12345', maxDigits: 1 } });
    cancel(s.timer);
    s.timer = this.core.after(this.core.config.survey.answerTimeoutSeconds, () => {
      s.timer = null;
      this.next(s);
    });
  }

  digits(legId: string, digits: string): boolean {
    const s = this.byLeg.get(legId);
    if (!s) return false;
    if (s.state !== 'asking' || !/^[1-5]$/.test(digits)) return true;
    const q = this.core.config.survey.questions[s.question]!;
    s.answers++;
    this.core.emit({
      type: 'survey.answer',
      at: this.core.now,
      surveyId: s.id,
      callId: s.callId,
      agentId: s.agentId,
      question: q.id,
      score: Number(digits),
    });
    this.next(s);
    return true;
  }

  private next(s: Survey): void {
    s.question++;
    if (s.question < this.core.config.survey.questions.length) {
      this.ask(s);
      return;
    }
    this.core.play(s.id, { id: 'survey-thanks', text: this.core.config.survey.thanks });
    this.core.command({ type: 'hang-up', callId: s.id, cause: 'normal' });
    this.hangUpLeg(s, true);
  }

  hungUp(legId: string): boolean {
    const s = this.byLeg.get(legId);
    if (!s) return false;
    this.hangUpLeg(s, s.state === 'asking');
    return true;
  }

  failed(legId: string): boolean {
    const s = this.byLeg.get(legId);
    if (!s) return false;
    this.hangUpLeg(s, false);
    return true;
  }

  private hangUpLeg(s: Survey, answered: boolean): void {
    const core = this.core;
    cancel(s.timer);
    s.timer = null;
    this.byLeg.delete(s.id);
    core.emit({
      type: 'outbound.ended',
      at: core.now,
      legId: s.id,
      line: s.line.number,
      tag: 'survey',
      answered,
      talkMs: answered ? core.now - s.answeredAt : 0,
    });
    const total = core.config.survey.questions.length;
    this.ended(s, !answered ? 'no-answer' : s.answers === total ? 'completed' : 'partial');
    core.callbacks.releaseChannel(s.line);
  }

  private ended(s: Survey, result: 'completed' | 'partial' | 'no-answer' | 'no-channel'): void {
    this.core.emit({
      type: 'survey.ended',
      at: this.core.now,
      surveyId: s.id,
      callId: s.callId,
      result,
      answers: s.answers,
    });
  }
}
