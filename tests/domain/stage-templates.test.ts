import { describe, expect, it } from 'vitest';
import { templateFractions, templateValues } from '../../workers/domain/pipeline/stage-templates';

const five = [0.2, 0.4, 0.6, 0.8, 0.9].map((p, k) => ({ id: `s${k}`, probability: p }));

describe('stage-value templates', () => {
  it('B2B SaaS discounts early stages, e-commerce follows probability, high-ticket runs 15 % → 60 %', () => {
    expect(templateFractions('b2b-saas', five)).toEqual([0.036, 0.144, 0.324, 0.576, 0.9]);
    expect(templateFractions('ecommerce', five)).toEqual([0.2, 0.4, 0.6, 0.8, 0.9]);
    expect(templateFractions('high-ticket', five)).toEqual([0.15, 0.2625, 0.375, 0.4875, 0.6]);
    expect(templateFractions('high-ticket', [{ id: 'a', probability: null }, { id: 'b', probability: null }])).toEqual([0.15, 0.6]);
  });

  it('scales to integer minor units of the average won amount (the prototype: 2,250 and 9,000 of 15,000)', () => {
    expect(templateValues('high-ticket', [{ id: 'appointment', probability: null }, { id: 'show_up', probability: null }], 1_500_000)).toEqual([
      { stageId: 'appointment', value: 225_000 },
      { stageId: 'show_up', value: 900_000 },
    ]);
  });
});
