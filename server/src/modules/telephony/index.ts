// Public surface of the telephony module: the port the contact-centre engine speaks, and its adapters.
export { AriError, type AriSettings } from './asterisk/ari.ts';
export { type AsteriskOptions, AsteriskSwitch } from './asterisk/asterisk-switch.ts';
export { PROMPT_AUDIO_PATH, PromptAudio, recordingName } from './audio/prompt-audio.ts';
export { SpeechUnavailable } from './audio/speech.ts';
export type {
  HangUpCause,
  OutboundFailure,
  OutboundTag,
  Prompt,
  PromptInput,
  Scheduler,
  SwitchEvent,
  TelephonyCommand,
  TelephonyPort,
} from './port/telephony.port.ts';
export {
  type Distribution,
  meanOf,
  pickWeighted,
  type Random,
  SeededRandom,
  sample,
  validateDistribution,
} from './simulated/random.ts';
export {
  type ArrivalSource,
  type CallerBehaviour,
  type KeyPress,
  type RedialReason,
  type SimulatedCall,
  SimulatedSwitch,
} from './simulated/simulated-switch.ts';
