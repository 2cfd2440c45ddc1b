/** How a campaign reaches people: an agent's call, the virtual operator's call, an SMS, an e-mail. */
export type CampaignChannel = 'agent' | 'voice' | 'sms' | 'email';
