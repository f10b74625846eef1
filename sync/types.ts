// The typed records sync/ hands to the engine, which owns the SQL. Money is integer minor units.
export type EntityStatus = 'ACTIVE' | 'PAUSED' | 'ARCHIVED' | 'DELETED';

export interface MetaAccountRecord { id: string; name: string; currency: string; currencyOffset: 1 | 100; timezone: string }
/** Who a Meta token belongs to (GET /me): a person or a system user. */
export interface MetaUserRecord { id: string; name: string }
export interface MetaCampaignRecord { id: string; accountId: string; name: string; objective: string | null; status: EntityStatus; dailyBudget: number | null }
export interface MetaAdSetRecord { id: string; accountId: string; campaignId: string; name: string; status: EntityStatus; dailyBudget: number | null; learningStage: string | null }
export interface MetaAdRecord { id: string; accountId: string; adSetId: string; campaignId: string; name: string; status: EntityStatus; creativeId: string | null }
export interface MetaCreativeRecord { id: string; name: string | null; objectType: string | null; title: string | null; body: string | null }

/** One ad on one day. Reach and frequency are that day's and do not add across days. */
export interface MetaInsightRecord {
  accountId: string;
  campaignId: string;
  adSetId: string;
  adId: string;
  day: string;
  impressions: number;
  reach: number;
  frequency: number;
  /** Link clicks (the `link_click` action), else `clicks`. */
  clicks: number;
  spend: number;
  leads: number;
  purchases: number;
  purchaseValue: number;
}

export interface MetaStructure {
  account: MetaAccountRecord;
  minDailyBudget: number | null;
  campaigns: MetaCampaignRecord[];
  adSets: MetaAdSetRecord[];
  ads: MetaAdRecord[];
  creatives: MetaCreativeRecord[];
}

/** The HubSpot portal a token belongs to (GET /account-info/{version}/details). */
export interface HubSpotPortalRecord { portalId: number; accountType: string; timeZone: string; currency: string; uiDomain: string; dataHostingLocation: string | null }
export interface CrmStageRecord { id: string; label: string; displayOrder: number; probability: number | null; isClosed: boolean; isWon: boolean }
export interface CrmPipelineRecord { id: string; label: string; displayOrder: number; archived: boolean; stages: CrmStageRecord[] }
export interface CrmDealRecord {
  id: string;
  name: string;
  pipelineId: string;
  stageId: string;
  amount: number | null;
  currency: string | null;
  createdAt: string;
  closedAt: string | null;
  modifiedAt: string;
  /** hs_lastmodifieddate in ms, the incremental cursor. */
  modifiedMs: number;
  source: string | null;
  sourceData1: string | null;
  sourceData2: string | null;
  archived: boolean;
}
export interface CrmContactSourceRecord {
  contactId: string;
  dealId: string;
  source: string | null;
  sourceData1: string | null;
  sourceData2: string | null;
  firstUrl: string | null;
  facebookClickId: string | null;
  createdAt: string | null;
}
