import { AppError, invalidField } from '../../../platform/errors.ts';
import type { OutboundFailure, Prompt } from '../../telephony/index.ts';
import { dialable } from './calls.ts';
import type { EngineCore, SelfServiceAnswer } from './core.ts';
import { type LineRuntime, normaliseNumber } from './lines.ts';
import type { VirtualEnded } from './outbound-events.ts';
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
  /**
   * Why the call is made: the recall (OB-3), the reminder of a patient no message reaches (OB-7), or a
   * manager's campaign (OB-5), whose answer is a key of `keys` and nothing is carried out.
   */
  purpose?: 'recall' | 'reminder' | 'campaign';
  /** A campaign's call: the keys that answer, one per outcome (1–8; 9 always repeats). */
  keys?: string;
}

/** A campaign's answering keys: distinct, from 1 to 8 (9 repeats the message). */
const CAMPAIGN_KEYS = /^(?!.*(.).*\1)[1-8]{1,8}$/;

/** A campaign's call as the virtual operator asks it (OB-5): the words read, with "9 repeats". */
export const campaignCallPrompt = (text: string, keys: string): Prompt => prompts.campaignAsk(text, keys);

/** Seconds the patient has to press a key before the question is read again (then, once more, given up). */
const ANSWER_SECONDS = 10;
/** Readings of the question without an answer before the call ends with the booking kept. */
const MAX_READINGS = 3;

type Result = VirtualEnded['result'];

interface VirtualCall {
  readonly legId: string;
  readonly number: string;
  readonly ref: string;
  readonly text: string;
  readonly purpose: 'recall' | 'reminder' | 'campaign';
  /** The campaign's answering keys; empty for the recall and the reminder. */
  readonly keys: string;
  readonly line: LineRuntime;
  state: 'dialling' | 'asking' | 'confirming-cancel' | 'working' | 'closing';
  readings: number;
  answeredAt: number;
  timer: Timer | null;
}

/**
 * OB-3 (and OB-7's reminder): the virtual operator. An outbound call, no agent: it reads the booking and
 * asks 1 to confirm, 3 to cancel (asked once more before cancelling), 9 to hear it again. The choice is
 * carried out by the driver's self-service port (the booking system), the result read back (a
 * cancellation's number), and the call ends with `virtual.ended`; no answer, or no choice, keeps the
 * booking. A campaign's call (OB-5) reads the manager's message and its options, and ends on the key
 * pressed (`chosen`, with the key): the driver records it as the outcome. Attempts and allowed hours are
 * the driver's: the engine places one call per request.
 */
export class VirtualOperator {
  private readonly byLeg = new Map<string, VirtualCall>();

  constructor(private readonly core: EngineCore) {}

  place(input: VirtualCallRequest): void {
    const core = this.core;
    if (!dialable(input.number)) throw invalidField('number', 'number must be a telephone number');
    const purpose = input.purpose ?? 'recall';
    const keys = purpose === 'campaign' ? (input.keys ?? '') : '';
    if (purpose === 'campaign' && !CAMPAIGN_KEYS.test(keys))
      throw invalidField('keys', 'a campaign call answers with 1 to 8 distinct keys from 1 to 8');
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
      purpose,
      keys,
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
    this.core.play(
      v.legId,
      v.purpose === 'campaign' ? campaignCallPrompt(v.text, v.keys) : prompts.recallAsk(v.text),
    );
    this.awaitKey(v);
  }

  private awaitKey(v: VirtualCall): void {
    cancel(v.timer);
    v.timer = this.core.after(ANSWER_SECONDS, () => {
      v.timer = null;
      if (v.readings < MAX_READINGS) this.ask(v);
      else
        this.close(
          v,
          v.purpose === 'campaign' ? prompts.campaignNoChoice() : prompts.recallKept(),
          'no-choice',
        );
    });
  }

  digits(legId: string, digits: string): boolean {
    const v = this.byLeg.get(legId);
    if (!v) return false;
    const key = digits.slice(0, 1);
    if (v.purpose === 'campaign') {
      if (v.state !== 'asking') return true;
      if (key === '9') this.ask(v);
      else if (key && v.keys.includes(key)) this.close(v, prompts.campaignThanks(), 'chosen', null, key);
      return true;
    }
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
    // A campaign's call never comes here: its keys carry nothing out.
    const purpose = v.purpose === 'reminder' ? 'reminder' : 'recall';
    this.core.selfService(v.legId, { kind: 'recall', ref: v.ref, choice, purpose });
  }

  /** The booking system's answer to the patient's choice. */
  answer(legId: string, answer: SelfServiceAnswer): boolean {
    const v = this.byLeg.get(legId);
    if (!v) return false;
    if (v.state !== 'working') return true;
    if (answer.kind === 'confirmed') this.close(v, prompts.recallConfirmed(), 'confirmed');
    else if (answer.kind === 'cancelled')
      this.close(v, prompts.selfCancelDone(answer.number), 'cancelled', answer.number);
    else this.close(v, prompts.selfCancelUnavailable(), 'failed');
    return true;
  }

  private close(v: VirtualCall, prompt: Prompt, result: Result, number: string | null = null, key?: string) {
    v.state = 'closing';
    this.core.play(v.legId, prompt);
    this.core.play(v.legId, prompts.message('recall-goodbye', 'Arrivederci.'));
    this.core.command({ type: 'hang-up', callId: v.legId, cause: 'normal' });
    this.end(v, true, result, number, key);
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

  private end(v: VirtualCall, answered: boolean, result: Result, number: string | null, key?: string): void {
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
    core.emit({
      type: 'virtual.ended',
      at: core.now,
      legId: v.legId,
      result,
      cancellationNumber: number,
      ...(key ? { key } : {}),
    });
    core.callbacks.releaseChannel(v.line);
  }
}
