import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { FatigueAd } from '../../../../contract';
import { chartRows } from './describe';

const AXIS = { fontSize: 12, fill: '#5b6270' };

/** CTR, frequency and CPM of one ad over time, with its launch baseline shaded and the onset marked. */
export function FatigueChart({ ad, currency, currencyOffset }: { ad: FatigueAd; currency: string; currencyOffset: number }) {
  const data = chartRows(ad, currencyOffset);
  const f = ad.finding;
  const baseline = f?.baseline ?? null;
  const onset = f?.onsetDay ?? null;
  const band = f ? { warn: f.evidence.frequencyWarn as number | undefined, critical: f.evidence.frequencyCritical as number | undefined } : null;
  const marks = (
    <>
      {baseline && <ReferenceArea x1={baseline.fromDay} x2={baseline.toDay} fill="#3b5bdb" fillOpacity={0.08} ifOverflow="extendDomain" />}
      {onset && <ReferenceLine x={onset} stroke="#c2410c" strokeDasharray="4 3" label={{ value: 'onset', position: 'insideTopRight', fontSize: 11, fill: '#c2410c' }} />}
    </>
  );
  const common = { data, margin: { top: 8, right: 16, bottom: 4, left: 8 }, syncId: `fatigue-${ad.adId}` };
  return (
    <div className="fatigue-charts" data-testid="fatigue-chart" data-onset={onset ?? ''} data-baseline={baseline ? `${baseline.fromDay}/${baseline.toDay}` : ''}>
      <h3>CTR (%)</h3>
      <LineChart responsive style={{ width: '100%', height: 180 }} {...common}>
        <CartesianGrid stroke="#e6e8ee" vertical={false} />
        <XAxis dataKey="day" tick={AXIS} tickLine={false} minTickGap={24} />
        <YAxis tick={AXIS} tickLine={false} axisLine={false} width={48} tickFormatter={(v: number) => v.toFixed(2)} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? `${v.toFixed(2)} %` : String(v))} />
        {marks}
        {baseline && <ReferenceLine y={baseline.ctr * 100} stroke="#3b5bdb" strokeDasharray="2 2" label={{ value: 'baseline', position: 'insideBottomLeft', fontSize: 11, fill: '#3b5bdb' }} />}
        <Line type="monotone" dataKey="ctr" name="CTR" stroke="#0c8a6a" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
      </LineChart>
      <h3>Frequency (7-day)</h3>
      <LineChart responsive style={{ width: '100%', height: 140 }} {...common}>
        <CartesianGrid stroke="#e6e8ee" vertical={false} />
        <XAxis dataKey="day" tick={AXIS} tickLine={false} minTickGap={24} />
        <YAxis tick={AXIS} tickLine={false} axisLine={false} width={48} tickFormatter={(v: number) => v.toFixed(1)} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : String(v))} />
        {marks}
        {band?.warn !== undefined && <ReferenceLine y={band.warn} stroke="#b45309" strokeDasharray="2 2" />}
        {band?.critical !== undefined && <ReferenceLine y={band.critical} stroke="#be123c" strokeDasharray="2 2" />}
        <Line type="monotone" dataKey="frequency" name="Frequency" stroke="#9333ea" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
      </LineChart>
      <h3>CPM ({currency} per 1,000 impressions)</h3>
      <LineChart responsive style={{ width: '100%', height: 160 }} {...common}>
        <CartesianGrid stroke="#e6e8ee" vertical={false} />
        <XAxis dataKey="day" tick={AXIS} tickLine={false} minTickGap={24} />
        <YAxis tick={AXIS} tickLine={false} axisLine={false} width={48} tickFormatter={(v: number) => v.toFixed(2)} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : String(v))} />
        <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
        {marks}
        <Line type="monotone" dataKey="cpm" name="This ad" stroke="#c2410c" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
        <Line type="monotone" dataKey="accountCpm" name="Account" stroke="#5b6270" strokeWidth={1.5} strokeDasharray="4 3" dot={false} isAnimationActive={false} connectNulls />
      </LineChart>
    </div>
  );
}
