// Budget allocation against the database: read discounted evidence per holder and per ad,
// run the pure recommender, persist posteriors (so the sampler learns across restarts), the run
// and its recommendations, and propose the changes into the approval queue.
import { AdloopError, type Allocation, type ParsedInput, type Recommendation } from '../../../contract';
import { fitAccountPrior, posteriorOf, type Evidence, type HolderPosterior } from '../../domain/sampler/posterior';
import { recommend, type AdEvidence, type HolderEvidence } from '../../domain/sampler/recommend';
import type { SpendCurve } from '../../domain/sampler/spend-response';
import type { Database } from '../db';
import { readSettings } from '../handlers/settings';
import { propose, transition } from './approvals';

interface AccountRow {
  id: string;
  currency: string;
  currency_offset: number;
  min_daily_budget: number;
}

const zero = (): Evidence => ({ impressions: 0, clicks: 0, spend: 0, deals: 0, value: 0 });
const day = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export async function resolveAccount(db: Database, accountId?: string): Promise<AccountRow> {
  const res = await db.query<AccountRow>('select id, currency, currency_offset, min_daily_budget from accounts where $1::text is null or id = $1 order by id', [accountId ?? null]);
  if (res.rows.length === 0) throw new AdloopError('NotFound', accountId ? `There is no ad account ${accountId} in this workspace.` : 'This workspace has no ad account yet.');
  if (res.rows.length > 1) throw new AdloopError('InvalidInput', 'This workspace has several ad accounts; say which one (accountId).', { issues: [{ path: 'accountId', message: 'required when there are several accounts' }] });
  const r = res.rows[0]!;
  return { ...r, currency_offset: Number(r.currency_offset), min_daily_budget: Number(r.min_daily_budget) };
}

interface Loaded {
  holders: HolderEvidence[];
  ads: AdEvidence[];
  asOf: string | null;
  windowStart: string | null;
}

/**
 * Each holder's cost curve (spend-response.ts): its daily spend against ln CPM, discounted like
 * the evidence — the sums addSpendDay() builds, aggregated here so 10,000 holders × 8 half-lives
 * of days never leave the database. Every ad counts, paused ones too: the holder's daily spend is
 * what its budget bought that day. Holder = the ad set (ABO) or the campaign (CBO).
 */
export async function loadSpendCurves(db: Database, accountId: string, asOf: string, halfLife: number, windowDays: number): Promise<Map<string, SpendCurve>> {
  const res = await db.query<Record<string, unknown>>(
    `select holder_id, sum(w) as w, sum(w * b) as x, sum(w * b * b) as xx, sum(w * y) as y, sum(w * b * y) as xy, sum(w * y * y) as yy
       from (select holder_id, b, ln(1000 * b / i) as y, power(0.5, ($2::date - day) / $3::float8) as w
               from (select case when c.budget_mode = 'CBO' then a.campaign_id else a.ad_set_id end as holder_id, m.day,
                            sum(m.spend)::float8 as b, sum(m.impressions)::float8 as i
                       from ads a
                       join campaigns c on c.id = a.campaign_id
                       join ad_daily_metrics m on m.ad_key = a.key and m.day > $2::date - $4::int and m.day <= $2::date
                      where a.account_id = $1
                      group by 1, 2) hd
              where b > 0 and i > 0) x
      group by holder_id`,
    [accountId, asOf, halfLife, windowDays],
  );
  return new Map(res.rows.map((r) => [String(r.holder_id), { w: Number(r.w), x: Number(r.x), xx: Number(r.xx), y: Number(r.y), xy: Number(r.xy), yy: Number(r.yy) }]));
}

async function loadEvidence(db: Database, account: AccountRow, halfLife: number): Promise<Loaded> {
  const asOfRes = await db.query<{ d: unknown }>(
    `select max(m.day) as d from ad_daily_metrics m join ads a on a.key = m.ad_key where a.account_id = $1`,
    [account.id],
  );
  const asOf = day(asOfRes.rows[0]?.d);
  // Older than 8 half-lives weighs < 0.4 %: not worth reading.
  const windowDays = Math.ceil(halfLife * 8);
  const adRows = await db.query<Record<string, unknown>>(
    `select a.id, a.name, a.ad_set_id, a.campaign_id, c.budget_mode,
            coalesce(sum(m.impressions * w.w), 0) as imp_d, coalesce(sum(m.clicks * w.w), 0) as clk_d,
            coalesce(sum(m.spend * w.w), 0) as spend_d,
            coalesce(sum(m.spend), 0)::float8 as spend_life, coalesce(sum(m.impressions), 0)::float8 as imp_life,
            min(m.day) as first_day, count(m.day)::int as days
       from ads a
       join campaigns c on c.id = a.campaign_id
       left join ad_daily_metrics m on m.ad_key = a.key and m.day > $2::date - $4::int
       left join lateral (select power(0.5, ($2::date - m.day) / $3::float8) as w) w on true
      where a.account_id = $1 and a.status = 'ACTIVE'
      group by a.id, a.name, a.ad_set_id, a.campaign_id, c.budget_mode`,
    [account.id, asOf ?? '1970-01-01', halfLife, windowDays],
  );
  const dealRows = await db.query<Record<string, unknown>>(
    `select v.ad_id, sum(power(0.5, ($2::date - (v.created_at at time zone 'UTC')::date) / $3::float8)) as deals_d,
            sum(v.value * power(0.5, ($2::date - (v.created_at at time zone 'UTC')::date) / $3::float8)) as value_d
       from deal_pipeline_values v join ads a on a.id = v.ad_id
      where a.account_id = $1 and (v.created_at at time zone 'UTC')::date > $2::date - $4::int
      group by v.ad_id`,
    [account.id, asOf ?? '1970-01-01', halfLife, windowDays],
  );
  const deals = new Map(dealRows.rows.map((r) => [String(r.ad_id), { deals: Number(r.deals_d), value: Number(r.value_d) }]));
  const curves = await loadSpendCurves(db, account.id, asOf ?? '1970-01-01', halfLife, windowDays);

  const holderRows = await db.query<Record<string, unknown>>(
    `select 'ad_set' as type, s.id, s.name, c.name as campaign_name, s.daily_budget as budget
       from ad_sets s join campaigns c on c.id = s.campaign_id
      where s.account_id = $1 and c.budget_mode = 'ABO' and s.status = 'ACTIVE' and c.status = 'ACTIVE'
     union all
     select 'campaign', c.id, c.name, c.name, c.daily_budget
       from campaigns c where c.account_id = $1 and c.budget_mode = 'CBO' and c.status = 'ACTIVE'
     order by 1, 2`,
    [account.id],
  );
  const edits = await db.query<Record<string, unknown>>(
    `select target_id,
            count(*) filter (where state in ('pushing', 'applied') and updated_at > now() - interval '1 hour')::int as edits,
            (array_agg((current_value->>'budget')::bigint order by updated_at)
               filter (where state = 'applied' and updated_at > now() - interval '24 hours'))[1] as budget_24h
       from approval_queue where account_id = $1 and change_type = 'set_budget' group by target_id`,
    [account.id],
  );
  const editBy = new Map(edits.rows.map((r) => [String(r.target_id), r]));

  const holders = new Map<string, HolderEvidence & { firstDay: string | null }>();
  for (const r of holderRows.rows) {
    const id = String(r.id);
    const e = editBy.get(id);
    holders.set(id, {
      id,
      type: r.type as 'ad_set' | 'campaign',
      name: String(r.name),
      campaignName: String(r.campaign_name),
      currentBudget: r.budget === null ? null : Number(r.budget),
      budget24hAgo: e?.budget_24h === null || e?.budget_24h === undefined ? (r.budget === null ? null : Number(r.budget)) : Number(e.budget_24h),
      minBudget: account.min_daily_budget,
      editsLastHour: e ? Number(e.edits) : 0,
      evidence: zero(),
      spendCurve: curves.get(id),
      lifetimeSpend: 0,
      lifetimeImpressions: 0,
      ageDays: 0,
      days: 0,
      firstDay: null,
    });
  }
  const ads: AdEvidence[] = [];
  for (const r of adRows.rows) {
    const holderId = String(r.budget_mode === 'CBO' ? r.campaign_id : r.ad_set_id);
    const d = deals.get(String(r.id));
    const ev: Evidence = {
      impressions: Number(r.imp_d),
      clicks: Number(r.clk_d),
      spend: Number(r.spend_d),
      deals: d?.deals ?? 0,
      value: d?.value ?? 0,
    };
    ads.push({ id: String(r.id), name: String(r.name), holderId, evidence: ev, lifetimeSpend: Number(r.spend_life), lifetimeImpressions: Number(r.imp_life) });
    const h = holders.get(holderId);
    if (!h) continue;
    h.evidence.impressions += ev.impressions;
    h.evidence.clicks += ev.clicks;
    h.evidence.spend += ev.spend;
    h.evidence.deals += ev.deals;
    h.evidence.value += ev.value;
    h.lifetimeSpend += Number(r.spend_life);
    h.lifetimeImpressions += Number(r.imp_life);
    h.days = Math.max(h.days, Number(r.days));
    const first = day(r.first_day);
    if (first && (!h.firstDay || first < h.firstDay)) h.firstDay = first;
  }
  let windowStart: string | null = null;
  for (const h of holders.values()) {
    h.ageDays = h.firstDay && asOf ? (Date.parse(asOf) - Date.parse(h.firstDay)) / 86_400_000 + 1 : 0;
    if (h.firstDay && (!windowStart || h.firstDay < windowStart)) windowStart = h.firstDay;
  }
  return { holders: [...holders.values()], ads, asOf, windowStart };
}

async function persistPosteriors(
  tx: Pick<Database, 'query'>,
  holders: HolderEvidence[],
  posteriors: ReadonlyMap<string, HolderPosterior>,
  asOf: string | null,
): Promise<void> {
  await tx.query(
    `insert into sampler_posteriors (entity_type, entity_id, model, params, evidence, data_through, updated_at)
     select r.entity_type, r.entity_id, 'pipeline_roas_lognormal', r.params, r.evidence, $2::date, now()
       from jsonb_to_recordset($1::jsonb) as r(entity_type text, entity_id text, params jsonb, evidence jsonb)
     on conflict (entity_type, entity_id, model) do update
       set params = excluded.params, evidence = excluded.evidence, data_through = excluded.data_through, updated_at = now()`,
    [JSON.stringify(holders.map((h) => ({ entity_type: h.type, entity_id: h.id, params: posteriors.get(h.id), evidence: h.evidence }))), asOf],
  );
}

/**
 * The learning cycle's step 4: refit the account prior and every holder's posterior from the
 * evidence in the database and store them. Idempotent: the same data gives the same rows.
 */
export async function updatePosteriors(db: Database, accountId?: string): Promise<{ holders: number; asOf: string | null; objective: string }> {
  const account = await resolveAccount(db, accountId);
  const settings = await readSettings(db);
  const loaded = await loadEvidence(db, account, settings.halfLifeDays);
  const prior = fitAccountPrior(loaded.holders.map((h) => h.evidence));
  const posteriors = new Map(loaded.holders.map((h) => [h.id, posteriorOf(h.evidence, prior)]));
  await db.transaction((tx) => persistPosteriors(tx, loaded.holders, posteriors, loaded.asOf));
  return { holders: loaded.holders.length, asOf: loaded.asOf, objective: prior.hasPipeline ? 'pipeline_roas' : 'clicks_per_spend' };
}

/**
 * SQL for the daily budget of an account's active holders — ad sets of active ABO campaigns and
 * active CBO campaigns, the same set allocation shares out — for the account id expression given.
 */
export const ACTIVE_HOLDERS_BUDGET_SQL = (accountId: string) =>
  `coalesce((select sum(s.daily_budget) from ad_sets s join campaigns c on c.id = s.campaign_id
              where s.account_id = ${accountId} and c.budget_mode = 'ABO' and s.status = 'ACTIVE' and c.status = 'ACTIVE'), 0)
   + coalesce((select sum(c.daily_budget) from campaigns c
              where c.account_id = ${accountId} and c.budget_mode = 'CBO' and c.status = 'ACTIVE'), 0)`;

/** Today's total: what the account's active holders spend now (the cycle reallocates it). */
export async function currentTotalBudget(db: Database, accountId?: string): Promise<number> {
  const account = await resolveAccount(db, accountId);
  const res = await db.query<{ total: string | null }>(`select (${ACTIVE_HOLDERS_BUDGET_SQL('$1')})::text as total`, [account.id]);
  return Number(res.rows[0]?.total ?? 0);
}

export async function allocate(db: Database, input: ParsedInput<'budget.allocate'>, from: { learningRunId?: number } = {}): Promise<Allocation> {
  const t0 = performance.now();
  const account = await resolveAccount(db, input.accountId);
  const settings = await readSettings(db);
  const loaded = await loadEvidence(db, account, settings.halfLifeDays);
  if (loaded.holders.length === 0) throw new AdloopError('NotFound', 'This account has no active ad sets or campaigns to allocate to.');
  const result = recommend(loaded.holders, loaded.ads, {
    total: input.total,
    maxChangePct: settings.maxBudgetChangePct,
    currency: account.currency,
    currencyOffset: account.currency_offset,
  });

  const meta = {
    ...(from.learningRunId ? { learningRunId: from.learningRunId } : {}),
    halfLifeDays: settings.halfLifeDays,
    method: result.method,
    objective: result.prior.hasPipeline ? 'pipeline_roas' : 'clicks_per_spend',
    notes: result.notes,
    prior: result.prior,
  };
  const runId = await db.transaction(async (tx) => {
    const run = await tx.query<{ id: number }>(
      `insert into allocation_runs (account_id, total_budget, currency, settings, window_start, window_end)
       values ($1, $2, $3, $4::jsonb, $5, $6) returning id`,
      [account.id, input.total, account.currency, JSON.stringify(meta), loaded.windowStart, loaded.asOf],
    );
    const id = Number(run.rows[0]!.id);
    await tx.query(
      `insert into allocation_recommendations (run_id, holder_type, holder_id, action, current_budget, recommended_budget, p_best,
              ctr_low, ctr_high, proas_low, proas_high, expected_value, reason, evidence)
       select $1, r.holder_type, r.holder_id, r.action, r.current_budget, r.recommended_budget, r.p_best,
              r.ctr_low, r.ctr_high, r.proas_low, r.proas_high, r.expected_value, r.reason, r.doc
         from jsonb_to_recordset($2::jsonb) as r(holder_type text, holder_id text, action text, current_budget bigint,
              recommended_budget bigint, p_best float8, ctr_low float8, ctr_high float8, proas_low float8, proas_high float8,
              expected_value float8, reason text, doc jsonb)`,
      [
        id,
        JSON.stringify(
          result.recommendations.map((r) => ({
            holder_type: r.holderType,
            holder_id: r.holderId,
            action: r.action,
            current_budget: r.currentBudget,
            recommended_budget: r.recommendedBudget,
            p_best: Math.min(1, Math.max(0, r.pBest)),
            ctr_low: r.ctr.low,
            ctr_high: r.ctr.high,
            proas_low: r.pipelineRoas?.low ?? null,
            proas_high: r.pipelineRoas?.high ?? null,
            expected_value: r.expectedValue,
            reason: r.reason,
            doc: { ...r, changeId: null },
          })),
        ),
      ],
    );
    // The posteriors persist, so the sampler's knowledge survives restarts and later runs build on it.
    await persistPosteriors(tx, loaded.holders, result.posteriors, loaded.asOf);
    return id;
  });

  const notes = [...result.notes];
  const changeIds = new Map<string, number>();
  let proposed = 0;
  if (input.propose) {
    const planned = [
      ...result.recommendations
        .filter((r) => r.action === 'set_budget' && r.currentBudget !== null && Math.abs(r.recommendedBudget - r.currentBudget) >= Math.max(1, r.currentBudget * 0.01))
        .map((r) => ({
          targetId: r.holderId,
          label: r.holderName,
          proposal: {
            accountId: account.id,
            targetType: r.holderType,
            targetId: r.holderId,
            changeType: 'set_budget' as const,
            proposedBudget: r.recommendedBudget,
            origin: 'sampler' as const,
            reason: r.reason,
            evidence: { runId, pBest: r.pBest, ctr: r.ctr, pipelineRoas: r.pipelineRoas, window: [loaded.windowStart, loaded.asOf] },
            idempotencyKey: `sampler:${r.holderType}:${r.holderId}:${loaded.asOf}:${r.recommendedBudget}`,
          },
        })),
      ...result.adPauses.map((a) => ({
        targetId: a.adId,
        label: a.adName,
        proposal: {
          accountId: account.id,
          targetType: 'ad' as const,
          targetId: a.adId,
          changeType: 'pause' as const,
          origin: 'sampler' as const,
          reason: a.reason,
          evidence: { runId, pBestInHolder: a.pBestInHolder },
          idempotencyKey: `sampler-pause:${a.adId}:${loaded.asOf}`,
        },
      })),
    ];
    // A new run supersedes the sampler's earlier undecided proposals — except those it would make
    // again word for word, which stay as they are (no duplicate, no churn in the queue).
    const keep = new Set(planned.map((p) => p.proposal.idempotencyKey));
    await db.transaction(async (tx) => {
      const old = await tx.query<{ id: number; idempotency_key: string }>(
        `select id, idempotency_key from approval_queue where account_id = $1 and origin = 'sampler' and state = 'proposed'`,
        [account.id],
      );
      for (const r of old.rows) {
        if (!keep.has(r.idempotency_key)) await transition(tx, Number(r.id), 'expired', 'engine', `Superseded by allocation run #${runId}`);
      }
    });
    for (const p of planned) {
      try {
        const { change, created } = await propose(db, p.proposal);
        changeIds.set(p.targetId, change.id);
        if (created) proposed++;
      } catch (e) {
        notes.push(`${p.label}: not proposed — ${(e as Error).message}`);
      }
    }
  }
  // What the run put in the queue is part of the run: budget.latest must show the same pauses,
  // change ids (including proposals kept from an identical earlier run) and counts.
  const adPauses = result.adPauses.map((a) => ({ ...a, changeId: changeIds.get(a.adId) ?? null }));
  await db.query(
    `update allocation_runs set settings = settings || $2::jsonb where id = $1`,
    [runId, JSON.stringify({ adPauses, changeIds: Object.fromEntries(changeIds), proposed, queued: changeIds.size, notes })],
  );

  return {
    runId,
    accountId: account.id,
    currency: account.currency,
    currencyOffset: account.currency_offset,
    total: input.total,
    windowStart: loaded.windowStart,
    windowEnd: loaded.asOf,
    halfLifeDays: settings.halfLifeDays,
    objective: meta.objective as Allocation['objective'],
    method: result.method,
    recommendations: result.recommendations.map((r): Recommendation => ({ ...r, changeId: changeIds.get(r.holderId) ?? null })),
    adPauses,
    notes,
    proposed,
    queued: changeIds.size,
    ms: Math.round(performance.now() - t0),
  };
}

/** The allocation a learning run made for the account, if it made one (the cycle's step 7 reruns idempotently). */
export async function allocationOfLearningRun(db: Database, accountId: string, learningRunId: number): Promise<Allocation | null> {
  return readAllocation(db, accountId, `and (settings->>'learningRunId')::bigint = $2`, [learningRunId]);
}

export async function latestAllocation(db: Database, accountId?: string): Promise<Allocation | null> {
  return readAllocation(db, accountId, '', []);
}

async function readAllocation(db: Database, accountId: string | undefined, where: string, params: unknown[]): Promise<Allocation | null> {
  const account = await resolveAccount(db, accountId);
  const run = await db.query<Record<string, unknown>>(
    `select * from allocation_runs where account_id = $1 ${where} order by id desc limit 1`,
    [account.id, ...params],
  );
  const r = run.rows[0];
  if (!r) return null;
  const recs = await db.query<{ evidence: Recommendation; holder_id: string }>(
    `select holder_id, evidence from allocation_recommendations where run_id = $1 order by recommended_budget desc, holder_id`,
    [r.id],
  );
  const meta = r.settings as {
    halfLifeDays: number;
    method: Allocation['method'];
    objective: Allocation['objective'];
    notes: string[];
    adPauses?: Allocation['adPauses'];
    changeIds?: Record<string, number>;
    proposed?: number;
    queued?: number;
  };
  const changeBy = new Map(Object.entries(meta.changeIds ?? {}));
  return {
    runId: Number(r.id),
    accountId: account.id,
    currency: account.currency,
    currencyOffset: account.currency_offset,
    total: Number(r.total_budget),
    windowStart: day(r.window_start),
    windowEnd: day(r.window_end),
    halfLifeDays: meta.halfLifeDays,
    objective: meta.objective,
    method: meta.method,
    recommendations: recs.rows.map((x) => ({ ...x.evidence, changeId: changeBy.get(x.holder_id) ?? null })),
    adPauses: meta.adPauses ?? [],
    notes: meta.notes ?? [],
    proposed: meta.proposed ?? 0,
    queued: meta.queued ?? changeBy.size,
    ms: 0,
  };
}
