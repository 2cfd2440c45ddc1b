import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { type CampaignInput, previewVoice } from './api.ts';

/**
 * What the virtual operator will say (OB-5), before the campaign is made: the words for an example
 * person and booking, as the server composes them for every call, and the synthetic voice saying them
 * (when the server has a voice: the live centre on, espeak-ng installed).
 */
export function VoicePreview({
  message,
  dispositions,
}: {
  message: string;
  dispositions: CampaignInput['dispositions'] | null;
}) {
  const { t } = useI18n();
  const id = useId();
  const [unplayable, setUnplayable] = useState(false);
  const preview = useMutation({
    mutationFn: () => previewVoice({ message, ...(dispositions ? { dispositions } : {}) }),
    onMutate: () => setUnplayable(false),
  });
  return (
    <div className="mt-2">
      <button
        type="button"
        className="btn btn-outline-primary btn-sm"
        disabled={!message.trim() || !dispositions || preview.isPending}
        onClick={() => preview.mutate()}
      >
        {t('campaigns.voicePreview.button')}
      </button>
      <ErrorAlert error={preview.error} messages={{ INVALID_FIELD: 'campaigns.form.badMessage' }} />
      {preview.data && (
        <section className="mt-2" aria-labelledby={`${id}-title`} data-testid="voice-preview">
          <h3 id={`${id}-title`} className="h6 mb-1">
            {t('campaigns.voicePreview.title')}
          </h3>
          <p className="small text-muted mb-1">{t('campaigns.voicePreview.example')}</p>
          <blockquote className="border-start border-3 ps-2 mb-2" lang="it">
            {preview.data.text}
          </blockquote>
          {preview.data.audio && !unplayable ? (
            // biome-ignore lint/a11y/useMediaCaption: the words it says are right above it, as text.
            <audio
              controls
              preload="none"
              src={preview.data.audio}
              aria-label={t('campaigns.voicePreview.listen')}
              onError={() => setUnplayable(true)}
            />
          ) : (
            <p className="small mb-0">{t('campaigns.voicePreview.noVoice')}</p>
          )}
        </section>
      )}
    </div>
  );
}
