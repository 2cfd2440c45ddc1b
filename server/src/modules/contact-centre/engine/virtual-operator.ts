import { AppError, invalidField } from '../../../platform/errors.ts';
import type { OutboundFailure } from '../../telephony/index.ts';
import { dialable } from './calls.ts';
import type { EngineCore, SelfServiceAnswer } from './core.ts';
import { type LineRuntime, normaliseNumber } from './lines.ts';
import { prompts } from './prompts.ts';
import { cancel, type Timer } from './timers.ts';

/** The driver's request for a recall call (OB-3): who to call, about which booking, and what to say. */
export interface VirtualCallRequest {
  /** The leg's id, chosen by whoever recorded the attempt first (unique, never reused). */
  legId: string;
  number: string;
  /** The booking, as the driver names it: handed back in the self-service request. */
  ref: string;
  /** What the voice reads first, e.g. "Ha una prenotazione per … il … alle …". */
  text: string;
  /** Why the call is made: the recall (OB-3) or the reminder of a patient no message reaches (OB-7). */
  purpose?: 'recall' | 'reminder';
}

/** Seconds the patient has to press a key before the question is read again (then, once more, given up). */
const ANSWER_SECONDS = 10;
/** Readings of the question without an answer before the call ends with the booking kept. */
const MAX_READINGS = 3;

type Result = 'confirmed' | 'cancelled' | 'no-choice' | 'failed' | 'no-channel' | OutboundFailure;

interface VirtualCall {
  readonly legId: string;
  readonly number: string;
  readonly ref: string;
  readonly text: string;
  readonly purpose: 'recall' | 'reminder';
  readonly line: LineRuntime;
  state: 'dialling' | 'asking' | 'confirming-cancel' | 'working' | 'closing';
  readings: number;
  answeredAt: number;
  timer: Timer | null;
}

/**
 * OB-3 (and OB-7's reminder): the virtual operator. An outbound call, no agent: it reads the booking and
 * asks 1 to confirm, 3 to cancel (asked once more before cancelling), 9 to hear it again. The choice is carried out by the
 * driver's self-service port (the booking system), the result read back (a cancellation's number), and
 * the call ends with `virtual.ended`; no answer, or no choice, keeps the booking. Attempts and allowed
 * hours are the driver's: the engine places one call per request.
 */
export class VirtualOperator {
  private readonly byLeg = new Map<string, VirtualCall>();

  constructor(private readonly core: EngineCore) {}

  place(input: VirtualCallRequest): void {
    const core = this.core;
    if (!dialable(input.number)) throw invalidField('number', 'number must be a telephone number');
    if (this.byLeg.has(input.legId) || core.calls.has(input.legId)) {
      throw new AppError('CONFLICT', `leg ${input.legId} is already in the engine`);
    }
    const line = core.lines.get(normaliseNumber(core.config.lines[0]!.number))!;
    if (!line.seize()) {
      core.emit({
        type: 'virtual.ended',
        at: core.now,
        legId: input.legId,
        result: 'no-channel',
        cancellationNumber: null,
      });
      return;
    }
    const v: VirtualCall = {
      legId: input.legId,
      number: normaliseNumber(input.number),
      ref: input.ref,
      text: input.text,
      purpose: input.purpose ?? 'recall',
      line,
      state: 'dialling',
      readings: 0,
      answeredAt: 0,
      timer: null,
    };
    this.byLeg.set(v.legId, v);
    core.emit({
      type: 'virtual.dialled',
      at: core.now,
      legId: v.legId,
      line: line.number,
      channelsInUse: line.inUse,
    });
    core.command({ type: 'originate', callId: v.legId, to: v.number, from: line.number, tag: 'recall' });
  }

  answered(legId: string): boolean {
    const v = this.byLeg.get(legId);
    if (!v) return false;
    v.answeredAt = this.core.now;
    this.ask(v);
    return true;
  }

  private ask(v: VirtualCall): void {
    v.state = 'asking';
    v.readings++;
    this.core.play(v.legId, prompts.recallAsk(v.text));
    this.awaitKey(v);
  }

  private awaitKey(v: VirtualCall): void {
    cancel(v.timer);
    v.timer = this.core.after(ANSWER_SECONDS, () => {
      v.timer = null;
      if (v.readings < MAX_READINGS) this.ask(v);
      else this.close(v, prompts.recallKept(), 'no-choice', null);
    });
  }

  digits(legId: string, digits: string): boolean {
    const v = this.byLeg.get(legId);
    if (!v) return false;
    const key = digits.slice(0, 1);
    if (v.state === 'asking') {
      if (key === '9') this.ask(v);
      else if (key === '1') this.work(v, 'confirm');
      else if (key === '3') {
        v.state = 'confirming-cancel';
        this.core.play(v.legId, prompts.recallConfirmCancel());
        this.awaitKey(v);
      }
    } else if (v.state === 'confirming-cancel') {
      if (key === '3') this.work(v, 'cancel');
      else if (key === '9') this.ask(v);
    }
    return true;
  }

  private work(v: VirtualCall, choice: 'confirm' | 'cancel'): void {
    cancel(v.timer);
    v.timer = null;
    v.state = 'working';
    this.core.selfService(v.legId, { kind: 'recall', ref: v.ref, choice, purpose: v.purpose });
  }

  /** The booking system's answer to the patient's choice. */
  answer(legId: string, answer: SelfServiceAnswer): boolean {
    const v = this.byLeg.get(legId);
    if (!v) return false;
    if (v.state !== 'working') return true;
    if (answer.kind === 'confirmed') this.close(v, prompts.recallConfirmed(), 'confirmed', null);
    else if (answer.kind === 'cancelled')
      this.close(v, prompts.selfCancelDone(answer.number), 'cancelled', answer.number);
    else this.close(v, prompts.selfCancelUnavailable(), 'failed', null);
    return true;
  }

  private close(
    v: VirtualCall,
    prompt: ReturnType<typeof prompts.recallKept>,
    result: Result,
    number: string | null,
  ) {
    v.state = 'closing';
    this.core.play(v.legId, prompt);
    this.core.play(v.legId, prompts.message('recall-goodbye', 'Arrivederci.'));
    this.core.command({ type: 'hang-up', callId: v.legId, cause: 'normal' });
    this.end(v, true, result, number);
  }

  hungUp(legId: string): boolean {
    const v = this.byLeg.get(legId);
    if (!v) return false;
    // Hanging up before a choice keeps the booking; one being carried out still is (its answer is lost).
    this.end(v, v.state !== 'dialling', v.state === 'dialling' ? 'no-answer' : 'no-choice', null);
    return true;
  }

  failed(legId: string, reason: OutboundFailure): boolean {
    const v = this.byLeg.get(legId);
    if (!v) return false;
    this.end(v, false, reason, null);
    return true;
  }

  private end(v: VirtualCall, answered: boolean, result: Result, number: string | null): void {
    const core = this.core;
    cancel(v.timer);
    v.timer = null;
    this.byLeg.delete(v.legId);
    core.emit({
      type: 'outbound.ended',
      at: core.now,
      legId: v.legId,
      line: v.line.number,
      tag: 'recall',
      answered,
      talkMs: answered ? core.now - v.answeredAt : 0,
    });
    core.emit({ type: 'virtual.ended', at: core.now, legId: v.legId, result, cancellationNumber: number });
    core.callbacks.releaseChannel(v.line);
  }
}
