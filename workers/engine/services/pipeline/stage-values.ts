// Stage values as a buyer sees and edits them: per pipeline and HubSpot stage id, the value in
// use, the default (probability × the pipeline's average won amount) and where the value came
// from. Closed stages are not editable: won counts the deal's amount, lost 0.
import { AdloopError, type ParsedInput, type StagePipeline } from '../../../../contract';
import type { Database } from '../../db';
import { workspaceCurrency } from '../import/hubspot-deals';
import { templateValues } from '../../../domain/pipeline/stage-templates';
import { refreshDefaultStageValues } from './stage-defaults';

interface Row {
  pipeline_id: string;
  pipeline_label: string;
  avg_won: string | null;
  won_currency: string | null;
  id: string;
  label: string;
  display_order: number;
  probability: number | null;
  is_closed: boolean;
  is_won: boolean;
  value: string | null;
  currency: string | null;
  origin: 'default' | 'user' | 'template' | null;
  deals: number;
  stage_total: string;
}

export async function listStageValues(db: Pick<Database, 'query'>, pipelineId?: string): Promise<StagePipeline[]> {
  const res = await db.query<Row>(
    `with won as (
       select d.pipeline_id, round(avg(d.amount))::text as avg_won, mode() within group (order by d.currency) as currency
         from crm_deals d join crm_stages s on s.pipeline_id = d.pipeline_id and s.id = d.stage_id
        where s.is_won and d.amount is not null and not d.archived group by d.pipeline_id),
     counts as (select pipeline_id, stage_id, count(*)::int as deals, sum(value) as total from deal_pipeline_values group by 1, 2)
     select p.id as pipeline_id, p.label as pipeline_label, w.avg_won, w.currency as won_currency,
            s.id, s.label, s.display_order, s.probability, s.is_closed, s.is_won,
            v.value::text as value, v.currency, v.origin, coalesce(c.deals, 0) as deals, coalesce(c.total, 0)::text as stage_total
       from crm_pipelines p
       join crm_stages s on s.pipeline_id = p.id
       left join won w on w.pipeline_id = p.id
       left join crm_stage_values v on v.pipeline_id = s.pipeline_id and v.stage_id = s.id
       left join counts c on c.pipeline_id = s.pipeline_id and c.stage_id = s.id
      where ($1::text is null or p.id = $1) and not p.archived
      order by p.display_order, p.id, s.display_order, s.id`,
    [pipelineId ?? null],
  );
  const out: StagePipeline[] = [];
  for (const r of res.rows) {
    let p = out[out.length - 1];
    if (!p || p.id !== r.pipeline_id) {
      p = { id: r.pipeline_id, label: r.pipeline_label, currency: r.won_currency ?? r.currency, avgWonAmount: r.avg_won === null ? null : Number(r.avg_won), stages: [] };
      out.push(p);
    }
    p.currency ??= r.currency;
    p.stages.push({
      id: r.id,
      label: r.label,
      order: r.display_order,
      probability: r.probability,
      isClosed: r.is_closed,
      isWon: r.is_won,
      value: r.is_closed ? null : Number(r.value ?? 0),
      defaultValue: r.is_closed ? null : Math.round((r.probability ?? 0) * Number(r.avg_won ?? 0)),
      origin: r.is_closed ? null : (r.origin ?? 'default'),
      deals: r.deals,
      stageTotal: Number(r.stage_total),
    });
  }
  if (pipelineId && out.length === 0) throw new AdloopError('NotFound', `there is no pipeline ${pipelineId}`);
  return out;
}

export async function setStageValues(db: Database, input: ParsedInput<'pipeline.setStageValues'>): Promise<StagePipeline[]> {
  return db.transaction(async (tx) => {
    const stages = await tx.query<{ pipeline_id: string; id: string; label: string; is_closed: boolean; is_won: boolean }>(
      `select pipeline_id, id, label, is_closed, is_won from crm_stages`,
    );
    const byKey = new Map(stages.rows.map((s) => [`${s.pipeline_id}\u0000${s.id}`, s]));
    // Validate the whole batch before writing any of it.
    const issues: Array<{ path: string; message: string }> = [];
    const seen = new Set<string>();
    input.values.forEach((v, i) => {
      const key = `${v.pipelineId}\u0000${v.stageId}`;
      const s = byKey.get(key);
      if (!s) issues.push({ path: `values.${i}`, message: `there is no stage ${v.stageId} in pipeline ${v.pipelineId}` });
      else if (s.is_closed) issues.push({ path: `values.${i}.value`, message: `${s.label} is a closed stage: ${s.is_won ? 'a won deal counts its real amount' : 'a lost deal counts 0'}; it has no stage value` });
      if (seen.has(key)) issues.push({ path: `values.${i}`, message: `stage ${v.stageId} of pipeline ${v.pipelineId} appears twice` });
      seen.add(key);
    });
    if (issues.length) {
      const missing = issues.every((x) => x.message.startsWith('there is no stage'));
      throw new AdloopError(missing ? 'NotFound' : 'InvalidInput', `Stage values not changed — ${issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`, { issues });
    }
    const currency = (await workspaceCurrency(tx)) ?? 'USD';
    const set = input.values.filter((v) => v.value !== null);
    const reset = input.values.filter((v) => v.value === null);
    if (set.length) {
      await tx.query(
        `insert into crm_stage_values as t (pipeline_id, stage_id, value, currency, origin)
         select "pipelineId", "stageId", value, $2, 'user' from jsonb_to_recordset($1::jsonb) as r("pipelineId" text, "stageId" text, value bigint)
         on conflict (pipeline_id, stage_id) do update set value = excluded.value, origin = 'user', updated_at = now()`,
        [JSON.stringify(set), currency],
      );
    }
    if (reset.length) {
      await tx.query(
        `update crm_stage_values t set origin = 'default' from jsonb_to_recordset($1::jsonb) as r("pipelineId" text, "stageId" text)
          where t.pipeline_id = r."pipelineId" and t.stage_id = r."stageId"`,
        [JSON.stringify(reset)],
      );
      await refreshDefaultStageValues(tx, currency);
    }
    return listStageValues(tx);
  });
}

export async function applyStageTemplate(db: Database, input: ParsedInput<'pipeline.applyStageTemplate'>): Promise<StagePipeline[]> {
  return db.transaction(async (tx) => {
    const [pipeline] = await listStageValues(tx, input.pipelineId);
    if (!pipeline!.avgWonAmount) {
      throw new AdloopError('InvalidInput', `${pipeline!.label} has no won deals with an amount yet, so a template has nothing to scale; set the values by hand`);
    }
    const open = pipeline!.stages.filter((s) => !s.isClosed);
    const values = templateValues(input.template, open, pipeline!.avgWonAmount);
    await tx.query(
      `insert into crm_stage_values (pipeline_id, stage_id, value, currency, origin)
       select $2, "stageId", value, $3, 'template' from jsonb_to_recordset($1::jsonb) as r("stageId" text, value bigint)
       on conflict (pipeline_id, stage_id) do update set value = excluded.value, origin = 'template', updated_at = now()`,
      [JSON.stringify(values), input.pipelineId, pipeline!.currency ?? (await workspaceCurrency(tx)) ?? 'USD'],
    );
    return listStageValues(tx);
  });
}
