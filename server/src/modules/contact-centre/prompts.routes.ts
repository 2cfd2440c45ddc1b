import { Type } from '@fastify/type-provider-typebox';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { type App, type AppDeps, errorResponses } from '../../platform/http.ts';
import { PROMPT_AUDIO_PATH, SpeechUnavailable } from '../telephony/index.ts';
import { IvrPromptSchema, PromptRecordingBody } from './contact-centre.schemas.ts';
import type { LiveContactCentre } from './contact-centre.service.ts';
import {
  listPrompts,
  promptOf,
  recordPrompt,
  removeFormerRecordings,
  unrecordPrompt,
} from './live/prompt-recordings.ts';
import { promptAudio } from './live/real-switch.ts';

const TAGS = ['contact-centre'];
const BASE = '/api/v1/contact-centre/prompts';
/** The region's recordings are the admin's: what every caller hears. */
const ADMIN = { roles: ['admin' as const] };
const KeyParams = Type.Object({ key: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
/** A base64 body is a third larger than the file; the schema's own cap is checked after parsing. */
const RECORDING_BODY_LIMIT = 8_000_000 + 64 * 1024;

const synthesisUnavailable = (e: unknown) => {
  if (e instanceof SpeechUnavailable) throw new AppError('UNAVAILABLE', e.message);
  throw e;
};

/**
 * Issue 15 §2: the IVR's prompts over HTTP — the audio the switch fetches, and the admin's page that
 * lists the fixed prompts and records, plays and removes the region's recordings.
 */
export function promptRoutes(app: App, deps: AppDeps, centre: LiveContactCentre | null): void {
  // The live centre's, so that a recording saved here is what its switch plays next; the same files
  // (DATA_DIR/prompts) when the centre is off (then no switch holds a prompt's URL: the audio is a 404).
  const audio = centre?.prompts ?? promptAudio(deps.config);
  app.addSchema(IvrPromptSchema);

  // What a real switch plays, by the URL the adapter gave it (`sound:http…`). No login: Asterisk
  // fetches it; the key is a keyed hash of the words, unguessable, known only to the switch.
  app.get(
    `${PROMPT_AUDIO_PATH}/:file`,
    {
      config: { roles: [] },
      schema: {
        tags: TAGS,
        summary:
          "A prompt of the IVR as 8 kHz mono WAV for the switch: the region's recording, else synthesised (espeak-ng)",
        params: Type.Object({ file: Type.String({ pattern: '^[0-9a-f]{32}\\.wav$' }) }),
        response: { 200: Type.Any(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const key = request.params.file.slice(0, -'.wav'.length);
      const wav = await audio.audio(key).catch(synthesisUnavailable);
      if (!wav) throw notFound('prompt', 'file');
      return reply.type('audio/wav').header('cache-control', 'private, max-age=3600').send(wav);
    },
  );

  app.get(
    BASE,
    {
      config: ADMIN,
      schema: {
        tags: TAGS,
        summary: "The IVR's prompts with fixed words: what a region may record, and whether it has",
        response: {
          200: Type.Object({ prompts: Type.Array(Type.Ref('IvrPrompt')) }),
          ...errorResponses,
        },
      },
    },
    async () => ({ prompts: await listPrompts(deps.config, audio) }),
  );

  app.get(
    `${BASE}/:key/audio`,
    {
      config: ADMIN,
      schema: {
        tags: TAGS,
        summary: 'A prompt as the switch plays it (8 kHz mono WAV): the recording, else the synthesis',
        params: KeyParams,
        response: { 200: Type.Any(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const wav = await audio.prepare(promptOf(request.params.key)).catch(synthesisUnavailable);
      return reply.type('audio/wav').header('cache-control', 'no-store').send(wav);
    },
  );

  app.put(
    `${BASE}/:key/recording`,
    {
      config: ADMIN,
      bodyLimit: RECORDING_BODY_LIMIT,
      schema: {
        tags: TAGS,
        summary:
          "Record a prompt: the region's WAV (16-bit PCM mono, 8–48 kHz) plays instead of the synthesis from its next play",
        params: KeyParams,
        body: PromptRecordingBody,
        response: { 200: Type.Ref('IvrPrompt'), ...errorResponses },
      },
    },
    async (request) => {
      if (request.body.audio.length % 4 !== 0) throw invalidField('audio', 'the file is not base64-encoded');
      const wav = Buffer.from(request.body.audio, 'base64');
      const saved = await recordPrompt(audio, request.params.key, wav);
      request.log.info({ prompt: saved.name }, 'prompt recording saved');
      return saved;
    },
  );

  app.delete(
    `${BASE}/:key/recording`,
    {
      config: ADMIN,
      schema: {
        tags: TAGS,
        summary: "Remove a prompt's recording: the synthesis plays again",
        params: KeyParams,
        response: { 200: Type.Ref('IvrPrompt'), ...errorResponses },
      },
    },
    async (request) => {
      const removed = await unrecordPrompt(audio, request.params.key);
      request.log.info({ prompt: removed.name }, 'prompt recording removed');
      return removed;
    },
  );

  app.delete(
    `${BASE}/:key/former-recordings`,
    {
      config: ADMIN,
      schema: {
        tags: TAGS,
        summary:
          "Remove the prompt's recordings of former words (made before the IVR's words changed, never played since)",
        params: KeyParams,
        response: { 200: Type.Ref('IvrPrompt'), ...errorResponses },
      },
    },
    async (request) => {
      const cleaned = await removeFormerRecordings(audio, request.params.key);
      request.log.info({ prompt: cleaned.name }, "prompt's former recordings removed");
      return cleaned;
    },
  );
}
