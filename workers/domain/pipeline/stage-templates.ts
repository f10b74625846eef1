// Stage-value templates: starting points a buyer can apply to a pipeline instead of typing each
// stage, as fractions of the pipeline's average won amount by the stage's place among the open
// stages (k of n). The prototype's high-ticket numbers (appointment 2,250 and show-up 9,000 of a
// 15,000 sale) are 15 % and 60 %.
export const stageTemplates = ['b2b-saas', 'ecommerce', 'high-ticket'] as const;
export type StageTemplate = (typeof stageTemplates)[number];

export interface OpenStage {
  id: string;
  probability: number | null;
}

/** The fraction of the average won amount each open stage (in pipeline order) is worth. */
export function templateFractions(template: StageTemplate, stages: readonly OpenStage[]): number[] {
  const n = stages.length;
  return stages.map((s, k) => {
    const p = (k + 1) / n;
    if (template === 'b2b-saas') return round4(0.9 * p * p); // long cycles: early stages are worth little
    if (template === 'ecommerce') return round4(s.probability ?? p); // short cycles: the stage probability holds
    return round4(n === 1 ? 0.6 : 0.15 + ((0.6 - 0.15) * k) / (n - 1)); // high-ticket: 15 % → 60 %
  });
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function templateValues(template: StageTemplate, stages: readonly OpenStage[], avgWonAmount: number): Array<{ stageId: string; value: number }> {
  return templateFractions(template, stages).map((f, k) => ({ stageId: stages[k]!.id, value: Math.round(f * avgWonAmount) }));
}
