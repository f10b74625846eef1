// Ads Manager exports with a daily breakdown by ad → typed rows, with every unreadable row
// rejected by line number and reason. Pure: the engine's import service writes the result.
import { AdloopError } from '../../../contract';
import { CsvSyntaxError, forEachCsvRecord } from './csv';
import { matchHeaders, type AliasTable, type Language } from './headers';
import { dateOrderOf, decimalMarkOf, parseCount, parseDay, parseMoney, parseRatio, type DateOrder, type DecimalMark } from './numbers';
import type { Rejected } from './report';

export type MetaField =
  | 'day' | 'reportingStart' | 'reportingEnd' | 'accountId' | 'accountName' | 'campaignId' | 'campaignName'
  | 'adSetId' | 'adSetName' | 'adId' | 'adName' | 'impressions' | 'reach' | 'frequency' | 'spend'
  | 'linkClicks' | 'clicksAll' | 'currency';

export const META_HEADERS: AliasTable<MetaField> = {
  day: { en: ['day', 'date'], de: ['tag', 'datum'], fr: ['jour', 'date'], es: ['dia', 'fecha'], pt: ['dia', 'data'], id: ['date_start'] },
  reportingStart: { en: ['reporting starts'], de: ['berichtsbeginn', 'beginn des berichtszeitraums'], fr: ['debut des rapports', 'debut du rapport'], es: ['inicio del informe'], pt: ['inicio dos relatorios', 'inicio do relatorio'] },
  reportingEnd: { en: ['reporting ends'], de: ['berichtsende', 'ende des berichtszeitraums'], fr: ['fin des rapports', 'fin du rapport'], es: ['fin del informe'], pt: ['termino dos relatorios', 'fim dos relatorios', 'fim do relatorio'] },
  accountId: { en: ['account id', 'ad account id'], de: ['konto-id', 'werbekonto-id'], fr: ['id du compte', 'identifiant du compte'], es: ['id de la cuenta', 'identificador de la cuenta'], pt: ['id da conta', 'identificacao da conta'], id: ['account_id'] },
  accountName: { en: ['account name', 'ad account name'], de: ['kontoname', 'name des werbekontos', 'werbekontoname'], fr: ['nom du compte'], es: ['nombre de la cuenta'], pt: ['nome da conta'], id: ['account_name'] },
  campaignId: { en: ['campaign id'], de: ['kampagnen-id'], fr: ['id de la campagne', 'identifiant de la campagne'], es: ['id de la campana', 'identificador de la campana'], pt: ['id da campanha', 'identificacao da campanha'], id: ['campaign_id'] },
  campaignName: { en: ['campaign name'], de: ['kampagnenname', 'name der kampagne'], fr: ['nom de la campagne'], es: ['nombre de la campana'], pt: ['nome da campanha'], id: ['campaign_name'] },
  adSetId: { en: ['ad set id'], de: ['anzeigengruppen-id'], fr: ["id de l'ensemble de publicites", "identifiant de l'ensemble de publicites"], es: ['id del conjunto de anuncios', 'identificador del conjunto de anuncios'], pt: ['id do conjunto de anuncios', 'identificacao do conjunto de anuncios'], id: ['adset_id'] },
  adSetName: { en: ['ad set name'], de: ['anzeigengruppenname', 'name der anzeigengruppe'], fr: ["nom de l'ensemble de publicites"], es: ['nombre del conjunto de anuncios'], pt: ['nome do conjunto de anuncios'], id: ['adset_name'] },
  adId: { en: ['ad id'], de: ['anzeigen-id'], fr: ['id de la publicite', 'identifiant de la publicite'], es: ['id del anuncio', 'identificador del anuncio'], pt: ['id do anuncio', 'identificacao do anuncio'], id: ['ad_id'] },
  adName: { en: ['ad name'], de: ['anzeigenname', 'name der anzeige'], fr: ['nom de la publicite'], es: ['nombre del anuncio'], pt: ['nome do anuncio'], id: ['ad_name'] },
  impressions: { en: ['impressions'], de: ['impressionen'], es: ['impresiones'], pt: ['impressoes'] },
  reach: { en: ['reach'], de: ['reichweite'], fr: ['couverture'], es: ['alcance'] },
  frequency: { en: ['frequency'], de: ['frequenz'], fr: ['repetition'], es: ['frecuencia'], pt: ['frequencia'] },
  spend: { en: ['amount spent', 'spend'], de: ['ausgegebener betrag'], fr: ['montant depense'], es: ['importe gastado'], pt: ['valor usado', 'valor gasto', 'quantia gasta'] },
  linkClicks: { en: ['link clicks', 'clicks (link)'], de: ['link-klicks', 'linkklicks'], fr: ['clics sur un lien', 'clics sur le lien', 'clics sur les liens'], es: ['clics en el enlace', 'clics en enlaces'], pt: ['cliques no link', 'cliques em links'], id: ['inline_link_clicks'] },
  clicksAll: { en: ['clicks (all)', 'clicks'], de: ['klicks (alle)', 'klicks'], fr: ['clics (tous)', 'clics'], es: ['clics (todos)', 'clics'], pt: ['cliques (todos)', 'cliques'] },
  currency: { en: ['currency'], de: ['wahrung'], fr: ['devise'], es: ['divisa', 'moneda'], pt: ['moeda'] },
};

export interface MetaAdRow {
  line: number;
  day: string;
  accountId: string | null;
  accountName: string | null;
  campaignId: string | null;
  campaignName: string;
  adSetId: string | null;
  adSetName: string;
  adId: string | null;
  adName: string;
  impressions: number;
  reach: number;
  frequency: number;
  clicks: number;
  spend: number;
}

export interface MetaAdsParse {
  rows: MetaAdRow[];
  rejected: Rejected[];
  read: number;
  currency: string;
  currencySource: 'header' | 'column' | 'account';
  language: Language | null;
  ignoredColumns: string[];
  notes: string[];
}

export interface MetaAdsOptions {
  /** Minor units per major unit for a currency code; throws for an unknown code. */
  offsetOf: (currency: string) => number;
  /** Currency to use when the file names none (the workspace's account). */
  fallbackCurrency?: string | null;
}

function fatal(message: string, details: Record<string, unknown> = {}): AdloopError {
  return new AdloopError('InvalidInput', message, { details: { kind: 'meta-ads', ...details } });
}

/** One pass over the file's records; a syntax error anywhere is fatal and names its line. */
function csvPass(text: string, fn: (fields: string[], line: number, index: number) => boolean | void): ',' | ';' | '\t' {
  try {
    return forEachCsvRecord(text, fn).delimiter;
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw fatal(`line ${e.line}: ${e.message}`, { line: e.line });
    throw e;
  }
}

export function parseMetaAdsCsv(text: string, opts: MetaAdsOptions): MetaAdsParse {
  // Three streaming passes (header; format detection, which usually stops within a few rows;
  // the rows) instead of one materialised table: a million-row file stays within memory.
  let header: string[] = [];
  const delimiter = csvPass(text, (f) => {
    header = f;
    return false;
  });
  if (header.length === 0) throw fatal('the file is empty');
  const table = { header, delimiter };
  const h = matchHeaders(table.header, META_HEADERS);
  const c = h.columns;
  const missing: string[] = [];
  if (c.day === undefined && c.reportingStart === undefined) missing.push('Day (or Reporting starts)');
  if (c.adId === undefined && c.adName === undefined) missing.push('Ad ID or Ad name');
  if (c.impressions === undefined) missing.push('Impressions');
  if (c.spend === undefined) missing.push('Amount spent');
  if (c.linkClicks === undefined && c.clicksAll === undefined) missing.push('Link clicks');
  if (missing.length) {
    throw fatal(`this does not look like an Ads Manager export with a daily breakdown by ad: no column for ${missing.join(', ')} (found: ${table.header.map((x) => JSON.stringify(x)).join(', ')})`, { missing });
  }
  const notes: string[] = [];
  if (c.day === undefined) notes.push('No "Day" column: each row\'s "Reporting starts" is taken as its day (rows spanning several days are rejected).');
  if (c.linkClicks === undefined) notes.push('No "Link clicks" column: "Clicks (all)" is used as clicks.');
  if (h.duplicates.length) notes.push(`Columns read once (the first wins): ${h.duplicates.join(', ')}.`);

  const perRowCurrency = c.currency !== undefined;
  const numericCols = [c.impressions, c.reach, c.frequency, c.spend, c.linkClicks ?? c.clicksAll].filter((x): x is number => x !== undefined);
  const dayCol = c.day ?? c.reportingStart!;
  let columnCurrency: string | null = null;
  let detectedMark: DecimalMark | null = null;
  let detectedOrder: DateOrder | null = null;
  csvPass(text, (r, _line, index) => {
    if (index === 0) return;
    if (perRowCurrency && !columnCurrency) columnCurrency = r[c.currency!]?.trim().toUpperCase() || null;
    for (let k = 0; k < numericCols.length && !detectedMark; k++) {
      const v = r[numericCols[k]!];
      if (v) detectedMark = decimalMarkOf(v);
    }
    if (!detectedOrder && r[dayCol]) detectedOrder = dateOrderOf(r[dayCol]);
    return !(detectedMark && detectedOrder && (columnCurrency || !perRowCurrency));
  });
  const fileCurrency = h.currency ?? columnCurrency ?? opts.fallbackCurrency ?? null;
  if (!fileCurrency) throw fatal('the file does not say its currency (no "(USD)" suffix on "Amount spent" and no Currency column) and the workspace has no single account currency to assume; pass the currency');
  const currencySource = h.currency ? 'header' : columnCurrency ? 'column' : 'account';
  let offset: number;
  try {
    offset = opts.offsetOf(fileCurrency);
  } catch (e) {
    throw fatal((e as Error).message);
  }

  const hintDecimal = h.language === 'en' || h.language === null ? '.' : ',';
  const mark: DecimalMark = detectedMark ?? (table.delimiter === ';' ? ',' : hintDecimal);
  const order: DateOrder = detectedOrder ?? (h.language === 'en' || h.language === null ? 'mdy' : 'dmy');

  // An export repeats the same few hundred days a million times: parse each once.
  const days = new Map<string, string | null>();
  const dayOf = (raw: string) => {
    let d = days.get(raw);
    if (d === undefined) days.set(raw, (d = parseDay(raw, order)));
    return d;
  };
  const rows: MetaAdRow[] = [];
  const rejected: Rejected[] = [];
  const seen = new Map<string, number>();
  const clicksCol = c.linkClicks ?? c.clicksAll!;
  const get = (r: string[], col: number | undefined) => (col === undefined ? '' : (r[col] ?? '').trim());
  // Ads Manager leaves a blank (or a dash) for zero. NaN: not a number (the caller says which).
  const count = (raw: string) => (!raw || raw === '-' || raw === '—' ? 0 : (parseCount(raw, mark) ?? NaN));
  const ratio = (raw: string) => (!raw || raw === '-' || raw === '—' ? 0 : (parseRatio(raw, mark) ?? NaN));
  const amount = (raw: string) => (!raw || raw === '-' || raw === '—' ? 0 : (parseMoney(raw, mark, offset) ?? NaN));

  // One function for every row (no closures made per row: a million rows each making five
  // closures cost more than parsing them). Returns the row or why it was rejected.
  const readRow = (r: string[], line: number): MetaAdRow | string => {
    const adId = get(r, c.adId) || null;
    const adName = get(r, c.adName);
    if (!adId && !adName) return 'no ad ID or ad name (a total or summary row?)';
    if (adId && !/^\d{1,30}$/.test(adId)) return `ad ID ${JSON.stringify(adId)} is not a Meta id (digits only)`;
    const dayRaw = get(r, dayCol);
    const day = dayOf(dayRaw);
    if (!day) return dayRaw ? `day ${JSON.stringify(dayRaw)} is not a date` : 'no day';
    if (c.day === undefined && c.reportingEnd !== undefined) {
      const end = dayOf(get(r, c.reportingEnd));
      if (end && end !== day) return `the row covers ${day} to ${end}; export with a daily breakdown ("Day")`;
    }
    if (perRowCurrency && !h.currency) {
      const cur = get(r, c.currency).toUpperCase();
      if (cur && cur !== fileCurrency) return `currency ${cur} differs from the file's ${fileCurrency}; import one currency per file`;
    }
    const impressions = count(get(r, c.impressions));
    if (Number.isNaN(impressions)) return `impressions ${JSON.stringify(get(r, c.impressions))} is not a valid number`;
    const clicks = count(get(r, clicksCol));
    if (Number.isNaN(clicks)) return `link clicks ${JSON.stringify(get(r, clicksCol))} is not a valid number`;
    const reach = count(get(r, c.reach));
    if (Number.isNaN(reach)) return `reach ${JSON.stringify(get(r, c.reach))} is not a valid number`;
    const frequency = ratio(get(r, c.frequency));
    if (Number.isNaN(frequency)) return `frequency ${JSON.stringify(get(r, c.frequency))} is not a valid number`;
    const spend = amount(get(r, c.spend));
    if (Number.isNaN(spend)) return `amount spent ${JSON.stringify(get(r, c.spend))} is not a valid number`;
    if (impressions > 2_147_483_647 || clicks > 2_147_483_647 || reach > 2_147_483_647) return 'a count is too large';
    if (clicks > impressions) return `link clicks (${clicks}) exceed impressions (${impressions})`;
    const key = `${adId ?? `name:${get(r, c.campaignName)}\u0000${get(r, c.adSetName)}\u0000${adName}`}\u0000${day}`;
    const first = seen.get(key);
    if (first !== undefined) return `a second row for the same ad and day (first on line ${first}); export by ad and day without other breakdowns`;
    seen.set(key, line);
    return {
      line,
      day,
      accountId: get(r, c.accountId).replace(/^act_/, '') || null,
      accountName: get(r, c.accountName) || null,
      campaignId: get(r, c.campaignId) || null,
      campaignName: get(r, c.campaignName),
      adSetId: get(r, c.adSetId) || null,
      adSetName: get(r, c.adSetName),
      adId,
      adName: adName || `Ad ${adId}`,
      impressions,
      reach,
      frequency: frequency || (reach > 0 ? impressions / reach : 0),
      clicks,
      spend,
    };
  };
  let read = 0;
  csvPass(text, (r, line, index) => {
    if (index === 0) return;
    read++;
    const out = readRow(r, line);
    if (typeof out === 'string') rejected.push({ line, reason: out });
    else rows.push(out);
  });
  return { rows, rejected, read, currency: fileCurrency, currencySource, language: h.language, ignoredColumns: h.ignored, notes };
}

export function* cellsOf(records: string[][], cols: number[]): Iterable<string> {
  for (const r of records) for (const col of cols) {
    const v = r[col];
    if (v) yield v;
  }
}
