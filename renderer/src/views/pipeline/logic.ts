// Pure helpers of the Pipeline view: how a match method reads, how sure a confidence is, the
// stage-value input, money of deals in their own currency.
import { currencyOffset, type AttributionMethodName, type ImportReport } from '../../../../contract';
import { formatMoney, type CurrencyOffset } from '../../format/numbers';
import { parseMajorAmount, type AmountParse } from '../budget/amount';

export const METHOD_LABEL: Record<AttributionMethodName, string> = {
  hsa_ad: 'Ad id in URL (hsa_ad)',
  hsa_adset: 'Ad set id in URL, one ad',
  hsa_campaign: 'Campaign with one ad',
  utm: 'UTM parameters',
  fbclid: 'Click id (fbclid)',
  facebook_click_id: 'Click id (HubSpot)',
  source_drilldown: 'Source drill-down',
  ad_name: 'Ad name match',
  time_window: 'Time window (clicks)',
  manual: 'Set by hand',
  none: 'Unattributed',
};

export type ConfidenceBand = 'high' | 'medium' | 'low' | 'none';

/** ≥ 0.85: an id or a scoped name; ≥ 0.5: a name or a narrow window; below: a guess. */
export function confidenceBand(c: number | null): ConfidenceBand {
  if (c === null || c <= 0) return 'none';
  if (c >= 0.85) return 'high';
  if (c >= 0.5) return 'medium';
  return 'low';
}

export function offsetOf(currency: string | null): CurrencyOffset {
  if (!currency) return 100;
  try {
    return currencyOffset(currency) as CurrencyOffset;
  } catch {
    return 100;
  }
}

export function money(minor: number, currency: string | null): string {
  return currency ? formatMoney(minor, currency, offsetOf(currency)) : String(minor);
}

/** A stage value typed in major units; the messages speak of stage values, not budgets. */
export function parseStageValue(text: string, currency: string): AmountParse {
  const r = parseMajorAmount(text, offsetOf(currency), currency);
  if (!r.ok && r.message.startsWith('A budget')) return { ok: false, message: 'A stage value cannot be negative.' };
  if (!r.ok && r.message === 'Enter an amount.') return { ok: false, message: 'Enter a value (0 for a stage worth nothing yet).' };
  if (r.ok && r.minor > 1e13) return { ok: false, message: 'That value is too large.' };
  return r;
}

export function coverageShare(attributed: number, deals: number): number | null {
  return deals > 0 ? attributed / deals : null;
}

/** One line for an import: what was read, imported and rejected. */
export function reportHeadline(r: ImportReport): string {
  const what = r.kind === 'meta-ads' ? 'ad-day rows' : 'deals';
  return `${r.rowsRead} ${what} read · ${r.rowsImported} imported (${r.inserted} new, ${r.updated} changed, ${r.unchanged} unchanged) · ${r.rowsRejected} rejected`;
}

/** A picked file's text: UTF-16 by its BOM (Excel "Unicode text"), else UTF-8. */
export function decodeFileBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}
