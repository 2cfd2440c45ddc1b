import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../lib/api.ts';
import type { Body, Ok } from '../lib/openapi.ts';

// Campaigns (server: /api/v1/campaigns/…), in the API's generated types: the manager's campaigns with
// their indicators, and the agent's work in the console.

export type Campaign = Ok<'/api/v1/campaigns/{id}', 'get'>;
export type CampaignInput = Body<'/api/v1/campaigns', 'post'>;
export type CsvCheck = Ok<'/api/v1/campaigns/csv-check', 'post'>;
export type CampaignWork = Ok<'/api/v1/campaigns/work', 'get'>;
export type HeldContact = NonNullable<CampaignWork['contact']>;
export type Channel = Campaign['channel'];
export type VoicePreviewInput = Body<'/api/v1/campaigns/voice-preview', 'post'>;
export type VoicePreviewResult = Ok<'/api/v1/campaigns/voice-preview', 'post'>;

export const CAMPAIGNS_KEY = ['campaigns'] as const;
export const WORK_KEY = ['campaigns', 'work'] as const;

export const useCampaigns = (includeClosed: boolean) =>
  useQuery({
    queryKey: [...CAMPAIGNS_KEY, { includeClosed }],
    queryFn: () =>
      apiRequest<{ items: Campaign[] }>(
        'GET',
        `/api/v1/campaigns${includeClosed ? '?includeClosed=true' : ''}`,
      ),
    refetchInterval: 15_000,
  });

export const createCampaign = (input: CampaignInput) =>
  apiRequest<Campaign>('POST', '/api/v1/campaigns', input);
export const checkCsv = (channel: Channel, csv: string) =>
  apiRequest<CsvCheck>('POST', '/api/v1/campaigns/csv-check', { channel, csv });
export const previewVoice = (input: VoicePreviewInput) =>
  apiRequest<VoicePreviewResult>('POST', '/api/v1/campaigns/voice-preview', input);
export const setCampaignStatus = (id: string, status: Campaign['status']) =>
  apiRequest<Campaign>('POST', `/api/v1/campaigns/${id}/status`, { status });

export const useCampaignWork = (enabled: boolean) =>
  useQuery({
    queryKey: WORK_KEY,
    queryFn: () => apiRequest<CampaignWork>('GET', '/api/v1/campaigns/work'),
    enabled,
    refetchInterval: 5_000,
    retry: false,
  });

export const takeNext = (campaignId: string) =>
  apiRequest<CampaignWork>('POST', `/api/v1/campaigns/${campaignId}/work/next`, {});
export const dialContact = () => apiRequest<CampaignWork>('POST', '/api/v1/campaigns/work/dial', {});
export const recordOutcome = (code: string, note: string) =>
  apiRequest<CampaignWork>('POST', '/api/v1/campaigns/work/outcome', { code, note: note || null });
export const giveBack = () => apiRequest<CampaignWork>('POST', '/api/v1/campaigns/work/give-back', {});
