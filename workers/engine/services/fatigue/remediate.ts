// Remediation for NEW fatigue findings: one proposal per ad into the approval queue — cut the
// budget holder's daily budget 20 % when this ad carries most of the holder's delivery (pausing
// it would idle the holder), otherwise pause the ad and let its siblings take the spend — plus a
// "creative refresh" task. Nothing is pushed: proposals wait for a person unless the setting
// autoApproveWithinGuardrails is on, and then only what passes the guardrails is approved.
// Idempotency key per ad, status and onset: a re-scan (or a retried scan) never proposes twice.
import { AdloopError } from '../../../../contract';
import type { Database } from '../../db';
import { readSettings } from '../../handlers/settings';
import type { Logger } from '../../../log';
import * as approvals from '../approvals';
import type { NewFinding } from './scan';

/** Share of the holder's spend (last 7 days of data) above which the holder's budget is cut instead. */
export const MOST_OF_DELIVERY = 0.5;
export const BUDGET_CUT = 0.2;

const STATUS_WORDS = { FATIGUING: 'CTR is falling', SATURATED: 'frequency is past its band', AUDIENCE_EXHAUSTED: 'the audience is used up' } as const;

interface Holder {
  ad_status: string;
  ad_name: string;
  holder_type: 'ad_set' | 'campaign';
  holder_id: string;
  holder_name: string;
  budget: string | number | null;
  share: number | null;
}

async function holderOf(db: Database, adId: string): Promise<Holder | null> {
  // The holder's ads' spend over the last 7 days of data; this ad's share of it.
  const res = await db.query<Holder>(
    `with ad as (
       select a.id, a.name, a.status, a.ad_set_id, a.campaign_id, c.budget_mode, s.name as set_name, c.name as campaign_name,
              case when c.budget_mode = 'CBO' then c.daily_budget else s.daily_budget end as budget
         from ads a join ad_sets s on s.id = a.ad_set_id join campaigns c on c.id = a.campaign_id where a.id = $1),
     last as (select max(day) as d from ad_daily_metrics),
     spend as (
       select sum(m.spend::float8) filter (where b.id = ad.id) as own, sum(m.spend::float8) as total
         from ad, last, ads b join ad_daily_metrics m on m.ad_key = b.key
        where m.day > last.d - 7
          and (case when ad.budget_mode = 'CBO' then b.campaign_id = ad.campaign_id else b.ad_set_id = ad.ad_set_id end))
     select ad.status as ad_status, ad.name as ad_name,
            case when ad.budget_mode = 'CBO' then 'campaign' else 'ad_set' end as holder_type,
            case when ad.budget_mode = 'CBO' then ad.campaign_id else ad.ad_set_id end as holder_id,
            case when ad.budget_mode = 'CBO' then ad.campaign_name else ad.set_name end as holder_name,
            ad.budget, case when spend.total > 0 then coalesce(spend.own, 0) / spend.total end as share
       from ad, spend`,
    [adId],
  );
  return res.rows[0] ?? null;
}

export async function remediate(db: Database, scanId: number, findings: NewFinding[], log: Logger): Promise<number> {
  const settings = await readSettings(db);
  let created = 0;
  for (const f of findings) {
    const status = f.finding.status as keyof typeof STATUS_WORDS;
    const h = await holderOf(db, f.adId);
    if (!h || h.ad_status !== 'ACTIVE') continue; // a paused or archived ad needs no remedy
    const share = h.share ?? 0;
    const budget = h.budget === null ? null : Number(h.budget);
    const evidence = {
      scanId,
      adId: f.adId,
      status,
      confidence: f.finding.confidence,
      onsetDay: f.finding.onsetDay,
      daysToCritical: f.finding.daysToCritical,
      test: f.finding.evidence.test,
      sentence: f.finding.evidence.sentence,
      holderShare: share,
    };
    const sharePct = `${Math.round(share * 100)} %`;
    const key = `fatigue:${f.adId}:${status}:${f.finding.onsetDay ?? 'none'}`;
    const base = { accountId: f.accountId, origin: 'fatigue' as const, evidence, idempotencyKey: key };
    const pause = () =>
      approvals.propose(db, {
        ...base,
        targetType: 'ad',
        targetId: f.adId,
        changeType: 'pause',
        reason: `Creative fatigue (${status}): ${STATUS_WORDS[status]} on "${h.ad_name}". Pause it; it had ${sharePct} of ${h.holder_name}'s spend over the last 7 days, so its siblings can take the delivery. ${f.finding.evidence.sentence}`,
      });
    let result: Awaited<ReturnType<typeof approvals.propose>>;
    try {
      if (share > MOST_OF_DELIVERY && budget !== null && budget > 0) {
        // ceil: the cut never exceeds 20 %, so it stays inside the default ±20 %/24 h guardrail.
        const proposed = Math.ceil(budget * (1 - BUDGET_CUT));
        try {
          result = await approvals.propose(db, {
            ...base,
            targetType: h.holder_type,
            targetId: h.holder_id,
            changeType: 'set_budget',
            proposedBudget: proposed,
            reason: `Creative fatigue (${status}): ${STATUS_WORDS[status]} on "${h.ad_name}", which carries ${sharePct} of ${h.holder_name}'s spend. Cut the budget 20 % until a fresh creative is live. ${f.finding.evidence.sentence}`,
          });
        } catch (e) {
          if (!(e instanceof AdloopError && e.code === 'GuardrailViolation')) throw e;
          // The cut breaks a guardrail (a tighter cap, Meta's minimum, the edit rate): pausing the
          // ad is the remedy that remains.
          result = await pause();
        }
      } else {
        result = await pause();
      }
    } catch (e) {
      log.warn('fatigue remediation: no proposal', { adId: f.adId, error: String(e) });
      continue;
    }
    if (result.created) created++;
    await db.query(`update fatigue_findings set change_id = $3 where scan_id = $1 and ad_id = $2`, [scanId, f.adId, result.change.id]);
    await db.query(
      `insert into workspace_tasks (kind, ad_id, title, detail) values ('creative_refresh', $1, $2, $3::jsonb)
       on conflict (kind, ad_id) do update set title = excluded.title, detail = excluded.detail, done = false`,
      [f.adId, `Refresh the creative of "${h.ad_name}"`, JSON.stringify({ scanId, status, onsetDay: f.finding.onsetDay, changeId: result.change.id, sentence: f.finding.evidence.sentence })],
    );
    if (settings.autoApproveWithinGuardrails && result.created) {
      const out = await approvals.approve(db, { ids: [result.change.id], note: 'Approved automatically: within the guardrails (setting autoApproveWithinGuardrails).' }, 'engine');
      if (out.refused.length) log.info('fatigue remediation: not auto-approved', { changeId: result.change.id, refusal: out.refused[0]!.message });
    }
  }
  return created;
}
