import type { Totals } from '../../../../contract';
import { formatCount, formatDayWindow, formatMoney, formatMultiple, formatPercent } from '../../format/numbers';
import type { MoneyScope } from './money';

export interface HeadlineCard {
  id: string;
  label: string;
  /** The engine's raw number, so tests and tooltips can compare exactly. */
  raw: string;
  shown: string;
  note: string;
}

function money(minor: number, scope: MoneyScope): string {
  return scope.kind === 'single' ? formatMoney(minor, scope.currency, scope.offset) : 'Mixed currencies';
}

export function headlineCards(t: Totals, scope: MoneyScope): HeadlineCard[] {
  const raw = (v: number | null) => (v === null ? '' : String(v));
  return [
    { id: 'spend', label: 'Spend', raw: raw(t.spend), shown: money(t.spend, scope), note: scope.kind === 'mixed' ? 'Choose one account to see money' : 'Meta reported spend' },
    { id: 'impressions', label: 'Impressions', raw: raw(t.impressions), shown: formatCount(t.impressions), note: 'Times ads were shown' },
    { id: 'clicks', label: 'Clicks', raw: raw(t.clicks), shown: formatCount(t.clicks), note: 'Link clicks' },
    { id: 'ctr', label: 'CTR', raw: raw(t.ctr), shown: formatPercent(t.ctr), note: 'Clicks ÷ impressions' },
    { id: 'pipeline-value', label: 'Pipeline value', raw: raw(t.pipelineValue), shown: money(t.pipelineValue, scope), note: 'Won at amount, open deals at stage value' },
    {
      id: 'pipeline-roas',
      label: 'Pipeline ROAS',
      raw: raw(t.pipelineRoas),
      // A ratio of sums that add yen to dollars means nothing, even though it has no unit.
      shown: scope.kind === 'mixed' ? 'Mixed currencies' : formatMultiple(t.pipelineRoas),
      note: 'Pipeline value ÷ spend',
    },
    { id: 'deals', label: 'Deals', raw: raw(t.deals), shown: formatCount(t.deals), note: 'Attributed to an ad' },
    { id: 'window', label: 'Data window', raw: t.firstDay && t.lastDay ? `${t.firstDay}/${t.lastDay}` : '', shown: formatDayWindow(t.firstDay, t.lastDay), note: 'Days with delivery' },
  ];
}

