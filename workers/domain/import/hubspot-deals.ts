// HubSpot deal exports → typed deal rows, each unreadable row rejected by line number and
// reason. Exports name pipelines and stages by label ("Sales Pipeline", "Appointment
// Scheduled"), in the user's language; resolving them to HubSpot ids needs the workspace's
// catalog and lives in stages.ts. Pure.
import { AdloopError } from '../../../contract';
import { CsvSyntaxError, parseCsv } from './csv';
import { describeHeader, matchHeaders, type AliasTable, type Language } from './headers';
import { cellsOf } from './meta-ads';
import { detectDateOrder, detectDecimalMark, parseMoney, parseTimestamp } from './numbers';
import type { Rejected } from './report';

export type DealField =
  | 'id' | 'name' | 'stage' | 'pipeline' | 'amount' | 'currency' | 'createDate' | 'closeDate' | 'modifiedDate'
  | 'source' | 'sourceData1' | 'sourceData2' | 'firstUrl' | 'facebookClickId';

export const DEAL_HEADERS: AliasTable<DealField> = {
  id: { en: ['record id', 'deal id', 'record id - deal'], de: ['datensatz-id', 'deal-id'], fr: ["id de l'enregistrement", 'id de la fiche d\'informations', 'id de la transaction'], es: ['id de registro', 'id del negocio'], pt: ['id do registro', 'id do negocio'], id: ['hs_object_id', 'dealid'] },
  name: { en: ['deal name'], de: ['dealname', 'deal-name', 'name des deals'], fr: ['nom de la transaction'], es: ['nombre del negocio'], pt: ['nome do negocio'], id: ['dealname'] },
  stage: { en: ['deal stage'], de: ['dealphase', 'deal-phase', 'phase des deals'], fr: ['phase de la transaction', 'etape de la transaction'], es: ['etapa del negocio', 'fase del negocio'], pt: ['fase do negocio', 'etapa do negocio'], id: ['dealstage'] },
  pipeline: { en: ['pipeline', 'deal pipeline'], de: ['deal-pipeline'], fr: ['pipeline de transactions'], es: ['pipeline de negocios'], pt: ['pipeline de negocios'], id: ['pipeline'] },
  amount: { en: ['amount', 'deal amount'], de: ['betrag'], fr: ['montant'], es: ['importe', 'monto', 'valor del negocio'], pt: ['valor', 'valor do negocio'], id: ['amount'] },
  currency: { en: ['currency', 'deal currency code', 'currency code'], de: ['wahrung', 'wahrungscode des deals'], fr: ['devise', 'code de devise de la transaction'], es: ['moneda', 'divisa', 'codigo de moneda del negocio'], pt: ['moeda', 'codigo da moeda do negocio'], id: ['deal_currency_code'] },
  createDate: { en: ['create date', 'created date'], de: ['erstelldatum', 'erstellungsdatum'], fr: ['date de creation'], es: ['fecha de creacion'], pt: ['data de criacao'], id: ['createdate'] },
  closeDate: { en: ['close date'], de: ['abschlussdatum', 'schlussdatum'], fr: ['date de fermeture', 'date de cloture'], es: ['fecha de cierre'], pt: ['data de fechamento', 'data de encerramento'], id: ['closedate'] },
  modifiedDate: { en: ['last modified date'], de: ['zuletzt geandert', 'datum der letzten anderung'], fr: ['date de derniere modification'], es: ['fecha de ultima modificacion'], pt: ['data da ultima modificacao'], id: ['hs_lastmodifieddate'] },
  source: { en: ['original source', 'original traffic source', 'original source type'], de: ['originalquelle', 'ursprungliche quelle'], fr: ["source d'origine", 'source originale'], es: ['fuente original'], pt: ['fonte original'], id: ['hs_analytics_source'] },
  sourceData1: { en: ['original source drill-down 1', 'original traffic source drill-down 1'], de: ['originalquelle aufschlusselung 1', 'originalquelle drilldown 1', 'ursprungliche quelle drilldown 1'], fr: ["source d'origine - detail 1", "detail 1 de la source d'origine", 'source originale - detail 1'], es: ['fuente original desglose 1', 'desglose 1 de la fuente original'], pt: ['fonte original detalhamento 1', 'detalhamento 1 da fonte original'], id: ['hs_analytics_source_data_1'] },
  sourceData2: { en: ['original source drill-down 2', 'original traffic source drill-down 2'], de: ['originalquelle aufschlusselung 2', 'originalquelle drilldown 2', 'ursprungliche quelle drilldown 2'], fr: ["source d'origine - detail 2", "detail 2 de la source d'origine", 'source originale - detail 2'], es: ['fuente original desglose 2', 'desglose 2 de la fuente original'], pt: ['fonte original detalhamento 2', 'detalhamento 2 da fonte original'], id: ['hs_analytics_source_data_2'] },
  firstUrl: { en: ['first page seen', 'first url'], de: ['erste besuchte seite'], fr: ['premiere page vue'], es: ['primera pagina vista'], pt: ['primeira pagina vista'], id: ['hs_analytics_first_url'] },
  facebookClickId: { en: ['facebook click id'], de: ['facebook-klick-id'], fr: ['id de clic facebook'], es: ['id de clic de facebook'], pt: ['id de clique do facebook'], id: ['hs_facebook_click_id'] },
};

export interface DealRow {
  line: number;
  id: string;
  name: string;
  pipeline: string;
  stage: string;
  amount: number | null;
  currency: string | null;
  createdAt: string;
  closedAt: string | null;
  modifiedAt: string;
  source: string | null;
  sourceData1: string | null;
  sourceData2: string | null;
  firstUrl: string | null;
  facebookClickId: string | null;
}

export interface DealsParse {
  rows: DealRow[];
  rejected: Rejected[];
  read: number;
  language: Language | null;
  ignoredColumns: string[];
  notes: string[];
}

export interface DealsOptions {
  offsetOf: (currency: string) => number;
  fallbackCurrency?: string | null;
}

function fatal(message: string, details: Record<string, unknown> = {}): AdloopError {
  return new AdloopError('InvalidInput', message, { details: { kind: 'hubspot-deals', ...details } });
}

export function parseHubspotDealsCsv(text: string, opts: DealsOptions): DealsParse {
  let table;
  try {
    table = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw fatal(`line ${e.line}: ${e.message}`, { line: e.line });
    throw e;
  }
  if (table.header.length === 0) throw fatal('the file is empty');
  const h = matchHeaders(table.header, DEAL_HEADERS);
  const c = h.columns;
  const missing: string[] = [];
  if (c.id === undefined) missing.push('Record ID');
  if (c.stage === undefined) missing.push('Deal Stage');
  if (c.createDate === undefined) missing.push('Create Date');
  if (missing.length) throw fatal(`this does not look like a HubSpot deal export: no column for ${missing.join(', ')} (found: ${describeHeader(table.header)})`, { missing });
  const notes: string[] = [];
  if (c.pipeline === undefined) notes.push('No "Pipeline" column: each stage is looked up in every pipeline.');
  if (c.source === undefined && c.firstUrl === undefined) notes.push('No source columns ("Original Source", drill-downs): these deals can only be attributed by hand.');

  const en = h.language === 'en' || h.language === null;
  const mark = detectDecimalMark(cellsOf(table.records, c.amount === undefined ? [] : [c.amount]), table.delimiter === ';' ? ',' : en ? '.' : ',');
  const dateCols = [c.createDate, c.closeDate, c.modifiedDate].filter((x): x is number => x !== undefined);
  const order = detectDateOrder(cellsOf(table.records, dateCols), en ? 'mdy' : 'dmy');
  const get = (r: string[], col: number | undefined) => (col === undefined ? '' : (r[col] ?? '').trim());

  const rows: DealRow[] = [];
  const rejected: Rejected[] = [];
  const seen = new Map<string, number>();
  table.records.forEach((r, k) => {
    const line = table.lines[k]!;
    const reject = (reason: string) => rejected.push({ line, reason });
    const id = get(r, c.id);
    if (!id) return reject('no record ID');
    if (!/^\d{1,30}$/.test(id)) return reject(`record ID ${JSON.stringify(id)} is not a HubSpot id (digits only)`);
    const first = seen.get(id);
    if (first !== undefined) return reject(`deal ${id} appears again (first on line ${first})`);
    const stage = get(r, c.stage);
    if (!stage) return reject('no deal stage');
    const createdRaw = get(r, c.createDate);
    const createdAt = parseTimestamp(createdRaw, order);
    if (!createdAt) return reject(createdRaw ? `create date ${JSON.stringify(createdRaw)} is not a date` : 'no create date');
    const closedRaw = get(r, c.closeDate);
    const closedAt = closedRaw ? parseTimestamp(closedRaw, order) : null;
    if (closedRaw && !closedAt) return reject(`close date ${JSON.stringify(closedRaw)} is not a date`);
    const modifiedRaw = get(r, c.modifiedDate);
    const modifiedAt = modifiedRaw ? parseTimestamp(modifiedRaw, order) : null;
    if (modifiedRaw && !modifiedAt) return reject(`last modified date ${JSON.stringify(modifiedRaw)} is not a date`);
    const amountRaw = get(r, c.amount);
    let amount: number | null = null;
    const currency = get(r, c.currency).toUpperCase() || h.currency || opts.fallbackCurrency || null;
    if (amountRaw) {
      if (!currency) return reject('the amount has no currency (no Currency column, no "(USD)" suffix, no account currency)');
      let offset: number;
      try {
        offset = opts.offsetOf(currency);
      } catch (e) {
        return reject((e as Error).message);
      }
      amount = parseMoney(amountRaw, mark, offset);
      if (amount === null) return reject(`amount ${JSON.stringify(amountRaw)} is not a valid amount`);
    }
    seen.set(id, line);
    rows.push({
      line,
      id,
      name: get(r, c.name),
      pipeline: get(r, c.pipeline),
      stage,
      amount,
      currency,
      createdAt,
      closedAt,
      // Deterministic, so re-importing the same file changes nothing.
      modifiedAt: modifiedAt ?? closedAt ?? createdAt,
      source: get(r, c.source) || null,
      sourceData1: get(r, c.sourceData1) || null,
      sourceData2: get(r, c.sourceData2) || null,
      firstUrl: get(r, c.firstUrl) || null,
      facebookClickId: get(r, c.facebookClickId) || null,
    });
  });
  return { rows, rejected, read: table.records.length, language: h.language, ignoredColumns: h.ignored, notes };
}
