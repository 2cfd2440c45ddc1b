import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useId, useState } from 'react';
import { ErrorAlert, FieldError, useAnnounce } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { fileBase64 } from '../lib/files.ts';
import type { Schema } from '../lib/openapi.ts';

type IvrPrompt = Schema<'IvrPrompt'>;

const API = '/api/v1/contact-centre/prompts';
const KEY = ['contact-centre', 'prompts'] as const;
/** The server takes at most 8,000,000 base64 characters: 6,000,000 bytes of file. */
export const MAX_RECORDING_BYTES = 6_000_000;

const promptsApi = {
  list: () => apiRequest<{ prompts: IvrPrompt[] }>('GET', API),
  record: (key: string, audio: string) => apiRequest<IvrPrompt>('PUT', `${API}/${key}/recording`, { audio }),
  remove: (key: string) => apiRequest<IvrPrompt>('DELETE', `${API}/${key}/recording`),
  removeFormer: (key: string) => apiRequest<IvrPrompt>('DELETE', `${API}/${key}/former-recordings`),
};

/**
 * The IVR's fixed prompts as the real switch plays them (admin): each one's words, whether the region's
 * recording or the synthetic voice says them, a player, and the region's recording uploaded or removed.
 */
export function PromptsPage() {
  const { t } = useI18n();
  const id = useId();
  const list = useQuery({ queryKey: KEY, queryFn: promptsApi.list });
  const prompts = list.data?.prompts ?? [];
  return (
    <Page title={t('prompts.title')}>
      <p>{t('prompts.intro')}</p>
      <p id={`${id}-format`} className="small">
        {t('prompts.format')}
      </p>
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : prompts.length === 0 ? (
        <p>{t('prompts.empty')}</p>
      ) : (
        <table className="table table-sm align-middle" data-testid="prompts">
          <caption className="visually-hidden">{t('prompts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('prompts.name')}</th>
              <th scope="col">{t('prompts.text')}</th>
              <th scope="col">{t('prompts.voice')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {prompts.map((p) => (
              <PromptRow key={p.key} prompt={p} formatId={`${id}-format`} />
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

function PromptRow({ prompt, formatId }: { prompt: IvrPrompt; formatId: string }) {
  const { t } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const announce = useAnnounce();
  // The player reads the audio again after a change (the URL is the same; the server does not cache it).
  const [version, setVersion] = useState(0);
  const [tooLarge, setTooLarge] = useState(false);
  // The player could not load the audio: most often the server has no speech synthesiser (espeak-ng).
  const [unplayable, setUnplayable] = useState(false);
  const done = async (message: 'prompts.saved' | 'prompts.removed' | 'prompts.formerRemoved') => {
    await qc.invalidateQueries({ queryKey: KEY });
    setVersion((v) => v + 1);
    setUnplayable(false);
    announce(t(message, { name: prompt.name }));
  };
  const record = useMutation({
    mutationFn: async (file: File) => promptsApi.record(prompt.key, await fileBase64(file)),
    onSuccess: () => done('prompts.saved'),
  });
  const remove = useMutation({
    mutationFn: () => promptsApi.remove(prompt.key),
    onSuccess: () => done('prompts.removed'),
  });
  const removeFormer = useMutation({
    mutationFn: () => promptsApi.removeFormer(prompt.key),
    onSuccess: () => done('prompts.formerRemoved'),
  });
  const busy = record.isPending || remove.isPending || removeFormer.isPending;
  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file || busy) return;
    remove.reset();
    setTooLarge(file.size > MAX_RECORDING_BYTES);
    if (file.size > MAX_RECORDING_BYTES) return;
    record.mutate(file);
  };
  const error = record.error ?? remove.error ?? removeFormer.error;
  const errorId = `${id}-error`;
  return (
    <tr data-prompt={prompt.name}>
      <td>
        <code>{prompt.name}</code>
      </td>
      <td>
        <span id={`${id}-text`}>{prompt.text}</span>
        {prompt.formerRecordings.length > 0 && (
          // Recorded before the words changed: never played now, kept until the admin removes them.
          <div className="small text-muted mt-1" data-testid="former-recordings">
            {t('prompts.former')} {prompt.formerRecordings.map((w) => `«${w}»`).join('; ')}{' '}
            <button
              type="button"
              className="btn btn-link btn-sm p-0 align-baseline"
              disabled={busy}
              aria-label={t('prompts.removeFormerFor', { name: prompt.name })}
              onClick={() => removeFormer.mutate()}
            >
              {t('prompts.removeFormer')}
            </button>
          </div>
        )}
      </td>
      <td>
        <span className={`badge ${prompt.recorded ? 'bg-success' : 'bg-secondary'}`}>
          {prompt.recorded ? t('prompts.recorded') : t('prompts.synthesised')}
        </span>
      </td>
      <td>
        <div className="d-flex flex-wrap align-items-center gap-2">
          {/* biome-ignore lint/a11y/useMediaCaption: the prompt's words, in its row, are the transcript */}
          <audio
            key={version}
            controls
            preload="none"
            src={`${API}/${prompt.key}/audio`}
            aria-label={t('prompts.listen', { name: prompt.name })}
            aria-describedby={`${id}-text`}
            onError={() => setUnplayable(true)}
            style={{ height: '2.25rem', maxWidth: '14rem' }}
          />
          <label className={`btn btn-outline-primary btn-sm mb-0 file-button${busy ? ' disabled' : ''}`}>
            {t(prompt.recorded ? 'prompts.replace' : 'prompts.upload')}
            <input
              type="file"
              accept=".wav,audio/wav,audio/x-wav"
              className="visually-hidden"
              disabled={busy}
              aria-label={t(prompt.recorded ? 'prompts.replaceFor' : 'prompts.uploadFor', {
                name: prompt.name,
              })}
              aria-describedby={error || tooLarge ? `${formatId} ${errorId}` : formatId}
              aria-invalid={error || tooLarge ? true : undefined}
              onChange={choose}
            />
          </label>
          {prompt.recorded && (
            <button
              type="button"
              className="btn btn-outline-danger btn-sm"
              disabled={busy}
              aria-label={t('prompts.removeFor', { name: prompt.name })}
              onClick={() => {
                record.reset();
                setTooLarge(false);
                remove.mutate();
              }}
            >
              {t('prompts.remove')}
            </button>
          )}
        </div>
        {unplayable && (
          <p className="small mb-0 mt-1" data-testid="unplayable">
            {prompt.recorded ? t('prompts.unplayable') : t('prompts.noSynthesis')}
          </p>
        )}
        {tooLarge ? (
          <div id={errorId} className="invalid-feedback d-block" role="alert">
            {t('prompts.tooLarge')}
          </div>
        ) : (
          <FieldError id={errorId} error={error} messages={{ INVALID_FIELD: 'prompts.badFile' }} />
        )}
      </td>
    </tr>
  );
}
