// Ads Manager exports with a daily breakdown by ad → column arrays (one entry per row) and the
// distinct ads they name, with every unreadable row rejected by line number and reason. Read from
// the file's bytes: a row's numbers and day go straight from bytes into typed arrays, and an ad's
// names become strings once per ad, not once per row (the 1M-row import target, issue 6). Pure:
// the engine's import service writes the result.
import { AdloopError } from '../../../contract';
import { CsvSyntaxError } from './csv';
import { COMPLEX, CsvByteReader, textBytes } from './csv-bytes';
import { describeHeader, matchHeaders, type AliasTable, type Language } from './headers';
import { dateOrderOf, decimalMarkOf, parseCount, parseDay, parseMoney, parseRatio, type DateOrder, type DecimalMark } from './numbers';
import { dayNumberOf, fastCount, fastDay, fastMoney, fastRatio, isoDayOf } from './numbers-bytes';
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

/** The structure columns that name an ad: account, campaign, ad set and ad, by id and name. */
export interface MetaAdStructure {
  accountId: string | null;
  accountName: string | null;
  campaignId: string | null;
  campaignName: string;
  adSetId: string | null;
  adSetName: string;
  adId: string | null;
  adName: string;
}

export interface MetaAdRow extends MetaAdStructure {
  line: number;
  day: string;
  impressions: number;
  reach: number;
  frequency: number;
  clicks: number;
  spend: number;
}

/** What a parse says about the file besides its rows. */
export interface MetaAdsFile {
  rejected: Rejected[];
  read: number;
  currency: string;
  currencySource: 'header' | 'column' | 'account';
  language: Language | null;
  ignoredColumns: string[];
  notes: string[];
}

export interface MetaAdsParse extends MetaAdsFile {
  rows: MetaAdRow[];
}

/** One ad as the file names it; rows point at it by index. */
export interface MetaAdRef extends MetaAdStructure {
  /** Imported rows of this ad, and the earliest day among them (a day number). */
  rows: number;
  firstDay: number;
}

/** The imported rows as columns: row i is ad `ads[ad[i]]` on day `day[i]` (days since 2000-01-01). */
export interface MetaAdsColumns extends MetaAdsFile {
  ads: MetaAdRef[];
  count: number;
  ad: Int32Array;
  day: Int32Array;
  impressions: Int32Array;
  reach: Int32Array;
  clicks: Int32Array;
  frequency: Float64Array;
  /** Minor units. */
  spend: Float64Array;
  line: Int32Array;
}

export interface MetaAdsOptions {
  /** Minor units per major unit for a currency code; throws for an unknown code. */
  offsetOf: (currency: string) => number;
  /** Currency to use when the file names none (the workspace's account). */
  fallbackCurrency?: string | null;
  /** Tests: read every cell through the text parsers (numbers.ts), never the byte fast paths. */
  textOnly?: boolean;
}

function fatal(message: string, details: Record<string, unknown> = {}): AdloopError {
  return new AdloopError('InvalidInput', message, { details: { kind: 'meta-ads', ...details } });
}

/** A reader over the bytes; a syntax error anywhere is fatal and names its line. */
function records(bytes: Uint8Array, fn: (r: CsvByteReader, index: number) => boolean | void): ',' | ';' | '\t' {
  try {
    const r = new CsvByteReader(bytes);
    let index = 0;
    while (r.next()) if (fn(r, index++) === false) break;
    return r.delimiter;
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw fatal(`line ${e.line}: ${e.message}`, { line: e.line });
    throw e;
  }
}

const IDENTITY: MetaField[] = ['accountId', 'accountName', 'campaignId', 'campaignName', 'adSetId', 'adSetName', 'adId', 'adName'];

/** Growable typed column. */
function grown<T extends Int32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, Math.ceil(a.length * 1.6)));
  b.set(a);
  return b;
}

/**
 * The first line seen for each day of one ad: a window of days as a typed array (an ad's days
 * are a few hundred consecutive ones), a map when they spread too far for a window.
 */
class DayLines {
  private base = 0;
  private lines: Int32Array | null = null;
  private spread: Map<number, number> | null = null;

  /** Records `line` for `day` unless the day has one already; returns that earlier line, else 0. */
  claim(day: number, line: number): number {
    if (this.spread) {
      const first = this.spread.get(day);
      if (first !== undefined) return first;
      this.spread.set(day, line);
      return 0;
    }
    if (!this.lines) {
      this.base = day - 32;
      this.lines = new Int32Array(128);
    }
    let k = day - this.base;
    if (k < 0 || k >= this.lines.length) {
      const lo = Math.min(this.base, day - 32);
      const hi = Math.max(this.base + this.lines.length, day + 32);
      const size = Math.max(hi - lo, this.lines.length * 2);
      if (size > 8192) {
        this.spread = new Map();
        this.lines.forEach((l, i) => l && this.spread!.set(this.base + i, l));
        this.lines = null;
        return this.claim(day, line);
      }
      const next = new Int32Array(size);
      next.set(this.lines, this.base - lo);
      this.base = lo;
      this.lines = next;
      k = day - lo;
    }
    const first = this.lines[k]!;
    if (first) return first;
    this.lines[k] = line;
    return 0;
  }
}

export function parseMetaAdsCsv(text: string, opts: MetaAdsOptions): MetaAdsParse {
  const cols = parseMetaAdsBytes(textBytes(text), opts);
  const { ads, count, ad, day, impressions, reach, clicks, frequency, spend, line, ...file } = cols;
  const days = new Map<number, string>();
  const rows: MetaAdRow[] = [];
  for (let i = 0; i < count; i++) {
    const a = ads[ad[i]!]!;
    let d = days.get(day[i]!);
    if (d === undefined) days.set(day[i]!, (d = isoDayOf(day[i]!)));
    rows.push({
      line: line[i]!,
      day: d,
      accountId: a.accountId,
      accountName: a.accountName,
      campaignId: a.campaignId,
      campaignName: a.campaignName,
      adSetId: a.adSetId,
      adSetName: a.adSetName,
      adId: a.adId,
      adName: a.adName,
      impressions: impressions[i]!,
      reach: reach[i]!,
      frequency: frequency[i]!,
      clicks: clicks[i]!,
      spend: spend[i]!,
    });
  }
  return { ...file, rows };
}

export function parseMetaAdsBytes(bytes: Uint8Array, opts: MetaAdsOptions): MetaAdsColumns {
  // Passes over the bytes: the header; format detection, which usually stops within a few rows;
  // the rows.
  let header: string[] = [];
  const delimiter = records(bytes, (r) => {
    header = Array.from({ length: r.count }, (_, k) => r.text(k));
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
    throw fatal(`this does not look like an Ads Manager export with a daily breakdown by ad: no column for ${missing.join(', ')} (found: ${describeHeader(table.header)})`, { missing });
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
  records(bytes, (r, index) => {
    if (index === 0) return;
    if (perRowCurrency && !columnCurrency) columnCurrency = r.text(c.currency!).trim().toUpperCase() || null;
    for (let k = 0; k < numericCols.length && !detectedMark; k++) {
      const v = r.text(numericCols[k]!);
      if (v) detectedMark = decimalMarkOf(v);
    }
    if (!detectedOrder) {
      const v = r.text(dayCol);
      if (v) detectedOrder = dateOrderOf(v);
    }
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
  const markCode = mark.charCodeAt(0);
  const moneyDigits = offset === 1 ? 0 : Math.round(Math.log10(offset));
  const fast = !opts.textOnly;

  // Text paths (numbers.ts), for cells the byte paths leave: NaN means not a number.
  const dayTexts = new Map<string, number>();
  const dayOfText = (raw: string): number => {
    let n = dayTexts.get(raw);
    if (n === undefined) {
      const iso = parseDay(raw, order);
      n = iso ? dayNumberOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))) : NaN;
      dayTexts.set(raw, n);
    }
    return n;
  };
  // Ads Manager leaves a blank (or a dash) for zero.
  const blank = (raw: string) => !raw || raw === '-' || raw === '—';
  const countText = (raw: string) => (blank(raw) ? 0 : (parseCount(raw, mark) ?? NaN));
  const ratioText = (raw: string) => (blank(raw) ? 0 : (parseRatio(raw, mark) ?? NaN));
  const moneyText = (raw: string) => (blank(raw) ? 0 : (parseMoney(raw, mark, offset) ?? NaN));

  const clicksCol = c.linkClicks ?? c.clicksAll!;
  const b = bytes;
  const ads: MetaAdRef[] = [];
  const rejected: Rejected[] = [];

  // Ads are told apart by the raw bytes of their structure cells: an open-addressing table of
  // byte hashes → the ad's entry, checked byte for byte against the first row that named it.
  // Two spellings of the same names ("Ad 1" and "\"Ad 1\"") are merged by their text.
  const idCols = IDENTITY.map((f) => c[f]).filter((x): x is number => x !== undefined);
  let table32 = new Int32Array(1024);
  let entries = 0;
  let entHash = new Int32Array(256);
  let entAd = new Int32Array(256); // ad index, or -1 - index into entReject
  let entRaw = new Int32Array(256 * idCols.length * 2); // raw start/end of each identity cell
  const entReject: string[] = [];
  const adByText = new Map<string, number>();
  const dupeOfAd: number[] = []; // ad index → duplicate-check identity
  const dupeByText = new Map<string, number>();
  const seen: DayLines[] = []; // per duplicate-check identity: day → first line

  const cellTrim = (r: CsvByteReader, col: number | undefined) => (col === undefined ? '' : r.text(col).trim());
  const adOf = (r: CsvByteReader, hash: number): number => {
    const k = idCols.length;
    const mask = table32.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const e = table32[slot]!;
      if (e === 0) break;
      const ent = e - 1;
      if (entHash[ent] !== hash) continue;
      let same = true;
      for (let j = 0; j < k && same; j++) {
        const col = idCols[j]!;
        const s0 = entRaw[(ent * k + j) * 2]!;
        const e0 = entRaw[(ent * k + j) * 2 + 1]!;
        const s1 = col < r.count ? r.rawStart[col]! : 0;
        const e1 = col < r.count ? r.rawEnd[col]! : 0;
        if (e0 - s0 !== e1 - s1) same = false;
        else for (let q = 0; q < e0 - s0; q++) if (b[s0 + q] !== b[s1 + q]) { same = false; break; }
      }
      if (same) return entAd[ent]!;
    }
    // A new spelling: its text decides the ad (or why its rows are rejected).
    const adId = cellTrim(r, c.adId) || null;
    const adName = cellTrim(r, c.adName);
    let result: number;
    // Negative: -1 - the index of the reason its rows are rejected for.
    if (!adId && !adName) result = -1 - (entReject.push('no ad ID or ad name (a total or summary row?)') - 1);
    else if (adId && !/^\d{1,30}$/.test(adId)) result = -1 - (entReject.push(`ad ID ${JSON.stringify(adId)} is not a Meta id (digits only)`) - 1);
    else {
      const ref: MetaAdRef = {
        accountId: cellTrim(r, c.accountId).replace(/^act_/, '') || null,
        accountName: cellTrim(r, c.accountName) || null,
        campaignId: cellTrim(r, c.campaignId) || null,
        campaignName: cellTrim(r, c.campaignName),
        adSetId: cellTrim(r, c.adSetId) || null,
        adSetName: cellTrim(r, c.adSetName),
        adId,
        adName: adName || `Ad ${adId}`,
        rows: 0,
        firstDay: Infinity,
      };
      const textKey = [ref.accountId, ref.accountName, ref.campaignId, ref.campaignName, ref.adSetId, ref.adSetName, adId, adName].join('\u0000');
      const known = adByText.get(textKey);
      if (known !== undefined) result = known;
      else {
        result = ads.push(ref) - 1;
        adByText.set(textKey, result);
        // A second row for the same ad and day is found by Meta's ad id, else by the names.
        const dupeKey = adId ?? `name:${ref.campaignName}\u0000${ref.adSetName}\u0000${adName}`;
        let dupe = dupeByText.get(dupeKey);
        if (dupe === undefined) dupeByText.set(dupeKey, (dupe = dupeByText.size));
        dupeOfAd.push(dupe);
      }
    }
    // Remember this spelling.
    const ent = entries++;
    if (ent === entHash.length) {
      entHash = grown(entHash, ent * 2);
      entAd = grown(entAd, ent * 2);
    }
    entRaw = grown(entRaw, (ent + 1) * k * 2);
    entHash[ent] = hash;
    entAd[ent] = result;
    for (let j = 0; j < k; j++) {
      const col = idCols[j]!;
      entRaw[(ent * k + j) * 2] = col < r.count ? r.rawStart[col]! : 0;
      entRaw[(ent * k + j) * 2 + 1] = col < r.count ? r.rawEnd[col]! : 0;
    }
    if (entries * 2 > table32.length) {
      table32 = new Int32Array(table32.length * 2);
      const m = table32.length - 1;
      for (let q = 0; q < entries; q++) {
        let slot = entHash[q]! & m;
        while (table32[slot] !== 0) slot = (slot + 1) & m;
        table32[slot] = q + 1;
      }
    } else {
      const m = table32.length - 1;
      let slot = hash & m;
      while (table32[slot] !== 0) slot = (slot + 1) & m;
      table32[slot] = ent + 1;
    }
    return result;
  };

  let cap = Math.max(1024, Math.ceil(bytes.length / 64));
  let ad = new Int32Array(cap);
  let day = new Int32Array(cap);
  let impressions = new Int32Array(cap);
  let reach = new Int32Array(cap);
  let clicks = new Int32Array(cap);
  let frequency = new Float64Array(cap);
  let spend = new Float64Array(cap);
  let line = new Int32Array(cap);
  let n = 0;
  let read = 0;
  const checkEnd = c.day === undefined && c.reportingEnd !== undefined;
  const checkCurrency = perRowCurrency && !h.currency;
  const maxCount = 2_147_483_647;
  // Defined once, not per row: a closure made per row costs more than the row's cells.
  const simple = (r: CsvByteReader, col: number) => col < r.count && fast && !(r.flags[col]! & COMPLEX);

  // A row cut short (a truncated file) would read its missing cells as blanks, i.e. zeros, and
  // overwrite a real day with nothing: it must reach the last column the import reads.
  const needCols = Math.max(dayCol, clicksCol, ...numericCols, ...idCols) + 1;
  records(bytes, (r, index) => {
    if (index === 0) return;
    read++;
    const rowLine = r.line;
    if (r.count < needCols) {
      rejected.push({ line: rowLine, reason: `the row has ${r.count} of the ${table.header.length} columns the header names (a cut-off file?)` });
      return;
    }
    const vs = r.valStart;
    const ve = r.valEnd;
    // FNV-1a over the identity cells' raw bytes, a separator between cells.
    let hash = 0x811c9dc5 | 0;
    for (let j = 0; j < idCols.length; j++) {
      const col = idCols[j]!;
      if (col < r.count) for (let q = r.rawStart[col]!, e = r.rawEnd[col]!; q < e; q++) hash = Math.imul(hash ^ b[q]!, 0x01000193);
      hash = Math.imul(hash ^ 0xff, 0x01000193);
    }
    const a = adOf(r, hash);
    if (a < 0) {
      rejected.push({ line: rowLine, reason: entReject[-1 - a]! });
      return;
    }
    let dn = simple(r, dayCol) ? fastDay(b, vs[dayCol]!, ve[dayCol]!, order) : -1;
    if (dn === -1) dn = dayOfText(cellTrim(r, dayCol));
    if (Number.isNaN(dn)) {
      const raw = cellTrim(r, dayCol);
      rejected.push({ line: rowLine, reason: raw ? `day ${JSON.stringify(raw)} is not a date` : 'no day' });
      return;
    }
    if (checkEnd) {
      const end = dayOfText(cellTrim(r, c.reportingEnd));
      if (!Number.isNaN(end) && end !== dn) {
        rejected.push({ line: rowLine, reason: `the row covers ${isoDayOf(dn)} to ${isoDayOf(end)}; export with a daily breakdown ("Day")` });
        return;
      }
    }
    if (checkCurrency) {
      const cur = cellTrim(r, c.currency).toUpperCase();
      if (cur && cur !== fileCurrency) {
        rejected.push({ line: rowLine, reason: `currency ${cur} differs from the file's ${fileCurrency}; import one currency per file` });
        return;
      }
    }
    const col = c.impressions!;
    let imp = simple(r, col) ? fastCount(b, vs[col]!, ve[col]!, markCode) : col < r.count ? -1 : 0;
    if (imp < 0) imp = countText(cellTrim(r, col));
    if (Number.isNaN(imp)) return void rejected.push({ line: rowLine, reason: `impressions ${JSON.stringify(cellTrim(r, col))} is not a valid number` });
    let clk = simple(r, clicksCol) ? fastCount(b, vs[clicksCol]!, ve[clicksCol]!, markCode) : clicksCol < r.count ? -1 : 0;
    if (clk < 0) clk = countText(cellTrim(r, clicksCol));
    if (Number.isNaN(clk)) return void rejected.push({ line: rowLine, reason: `link clicks ${JSON.stringify(cellTrim(r, clicksCol))} is not a valid number` });
    const rc = c.reach;
    let rch = rc === undefined ? 0 : simple(r, rc) ? fastCount(b, vs[rc]!, ve[rc]!, markCode) : rc < r.count ? -1 : 0;
    if (rch < 0) rch = countText(cellTrim(r, rc));
    if (Number.isNaN(rch)) return void rejected.push({ line: rowLine, reason: `reach ${JSON.stringify(cellTrim(r, rc))} is not a valid number` });
    const fc = c.frequency;
    let frq = fc === undefined ? 0 : simple(r, fc) ? fastRatio(b, vs[fc]!, ve[fc]!, markCode) : fc < r.count ? -1 : 0;
    if (frq < 0) frq = ratioText(cellTrim(r, fc));
    if (Number.isNaN(frq)) return void rejected.push({ line: rowLine, reason: `frequency ${JSON.stringify(cellTrim(r, fc))} is not a valid number` });
    const sc = c.spend!;
    let spd = simple(r, sc) ? fastMoney(b, vs[sc]!, ve[sc]!, markCode, offset, moneyDigits) : sc < r.count ? -1 : 0;
    if (spd < 0) spd = moneyText(cellTrim(r, sc));
    if (Number.isNaN(spd)) return void rejected.push({ line: rowLine, reason: `amount spent ${JSON.stringify(cellTrim(r, sc))} is not a valid number` });
    if (imp > maxCount || clk > maxCount || rch > maxCount) return void rejected.push({ line: rowLine, reason: 'a count is too large' });
    if (clk > imp) return void rejected.push({ line: rowLine, reason: `link clicks (${clk}) exceed impressions (${imp})` });
    const dupe = dupeOfAd[a]!;
    const lines = seen[dupe] ?? (seen[dupe] = new DayLines());
    const first = lines.claim(dn, rowLine);
    if (first) return void rejected.push({ line: rowLine, reason: `a second row for the same ad and day (first on line ${first}); export by ad and day without other breakdowns` });
    if (n === cap) {
      cap = Math.ceil(cap * 1.6);
      ad = grown(ad, cap);
      day = grown(day, cap);
      impressions = grown(impressions, cap);
      reach = grown(reach, cap);
      clicks = grown(clicks, cap);
      line = grown(line, cap);
      frequency = grown(frequency, cap);
      spend = grown(spend, cap);
    }
    ad[n] = a;
    day[n] = dn;
    impressions[n] = imp;
    reach[n] = rch;
    clicks[n] = clk;
    frequency[n] = frq || (rch > 0 ? imp / rch : 0);
    spend[n] = spd;
    line[n] = rowLine;
    n++;
    const ref = ads[a]!;
    ref.rows++;
    if (dn < ref.firstDay) ref.firstDay = dn;
  });
  return {
    ads,
    count: n,
    ad: ad.subarray(0, n),
    day: day.subarray(0, n),
    impressions: impressions.subarray(0, n),
    reach: reach.subarray(0, n),
    clicks: clicks.subarray(0, n),
    frequency: frequency.subarray(0, n),
    spend: spend.subarray(0, n),
    line: line.subarray(0, n),
    rejected,
    read,
    currency: fileCurrency,
    currencySource,
    language: h.language,
    ignoredColumns: h.ignored,
    notes,
  };
}

export function* cellsOf(records: string[][], cols: number[]): Iterable<string> {
  for (const r of records) for (const col of cols) {
    const v = r[col];
    if (v) yield v;
  }
}
