import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { CalibrationPoint, VersionBar } from './logic';

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : String(v));

/**
 * Step 7's scores: how far the gate's CTR predictions were from what the ads did (lower is
 * better) and how the value the allocations expected compares with what happened (1 is
 * calibrated) — over runs, and by the model version that made the predictions.
 */
export function CalibrationCharts({ points, gate, allocation, pending }: { points: CalibrationPoint[]; gate: VersionBar[]; allocation: VersionBar[]; pending: { gate: number; allocation: number } | null }) {
  return (
    <section className="panel" aria-labelledby="calibration-title" data-testid="learning-calibration">
      <div className="panel-head">
        <h2 id="calibration-title">Gate error and allocation calibration</h2>
        <p className="muted">
          Gate: mean distance between the predicted and the actual CTR (bp, lower is better). Allocation: value that happened ÷ value
          expected at the spend that happened (1 is calibrated).
          {pending ? ` Waiting to be scored: ${pending.gate} gate predictions, ${pending.allocation} allocations.` : ''}
        </p>
      </div>
      {points.length < 2 ? (
        <p className="muted" data-testid="calibration-runs-empty">
          The chart over runs starts after two cycles have scored predictions{points.length === 1 ? ` (run #${points[0]!.run} so far)` : ''}.
        </p>
      ) : (
        <LineChart responsive style={{ width: '100%', height: 240 }} data={points} margin={{ top: 8, right: 16, bottom: 16, left: 8 }} data-testid="calibration-runs">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis yAxisId="gate" tickFormatter={(v: number) => `${v.toFixed(0)} bp`} />
          <YAxis yAxisId="alloc" orientation="right" tickFormatter={(v: number) => `${v.toFixed(2)}×`} />
          <ReferenceLine yAxisId="alloc" y={1} stroke="#94a3b8" strokeDasharray="4 4" />
          <Tooltip formatter={fmt} />
          <Legend />
          <Line yAxisId="gate" type="monotone" dataKey="gateMaeBp" name="Gate CTR error (bp)" stroke="#dc2626" connectNulls isAnimationActive={false} />
          <Line yAxisId="alloc" type="monotone" dataKey="allocationCalibration" name="Allocation actual ÷ expected" stroke="#16a34a" connectNulls isAnimationActive={false} />
        </LineChart>
      )}
      <div data-testid="calibration-versions" style={{ display: 'flex', gap: 16, flexWrap: 'wrap', marginTop: 12 }}>
        <VersionChart title="Gate CTR error by model version (bp)" bars={gate} color="#dc2626" testId="gate-versions" />
        <VersionChart title="Allocation calibration by sampler version" bars={allocation} color="#16a34a" testId="allocation-versions" reference={1} />
      </div>
    </section>
  );
}

function VersionChart({ title, bars, color, testId, reference }: { title: string; bars: VersionBar[]; color: string; testId: string; reference?: number }) {
  return (
    <figure data-testid={testId} style={{ margin: 0, flex: 1, minWidth: 280 }}>
      <figcaption className="muted">{title}</figcaption>
      {bars.length === 0 ? (
        <p className="muted">Nothing scored yet.</p>
      ) : (
        <BarChart responsive style={{ width: '100%', height: 200 }} data={bars} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="version" />
          <YAxis />
          {reference !== undefined && <ReferenceLine y={reference} stroke="#94a3b8" strokeDasharray="4 4" />}
          <Tooltip formatter={fmt} />
          <Bar dataKey="value" name={title} fill={color} isAnimationActive={false} />
        </BarChart>
      )}
    </figure>
  );
}
