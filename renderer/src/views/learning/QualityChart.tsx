import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { QualityPoint } from './logic';

/** The sampler champion's held-out CTR forecast error per run: learning shows as a falling line. */
export function QualityChart({ points }: { points: QualityPoint[] }) {
  return (
    <section className="panel" aria-labelledby="quality-title" data-testid="learning-quality">
      <div className="panel-head">
        <h2 id="quality-title">Forecast error by run</h2>
        <p className="muted">Next-day CTR forecasts of the champion model, scored on held-out days (lower is better)</p>
      </div>
      {points.length < 2 ? (
        <p className="muted">The chart starts after two scored cycles{points.length === 1 ? ` (run #${points[0]!.run} so far)` : ''}.</p>
      ) : (
        <LineChart responsive style={{ width: '100%', height: 260 }} data={points} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis yAxisId="mae" tickFormatter={(v: number) => `${v.toFixed(0)} bp`} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : String(v))} />
          <Legend />
          <Line yAxisId="mae" type="monotone" dataKey="ctrMaeBp" name="CTR abs. error (bp)" stroke="#2563eb" isAnimationActive={false} />
        </LineChart>
      )}
    </section>
  );
}
