// Creative DNA for simulated ads, and the documented model by which it drives latent CTR.
// The effects are log-odds shifts; a winner index should be able to rediscover them.
import { sampleNormal } from '../domain/math/random';

export interface SimDna {
  format: 'video' | 'image' | 'carousel';
  hookType: 'question' | 'bold_claim' | 'testimonial' | 'problem' | 'demo' | 'offer';
  hookText: string;
  hookSeconds: number;
  durationSeconds: number;
  cutsPer10s: number;
  textOverlayDensity: number;
  textContrast: number;
  facesInFirst3s: boolean;
  captions: boolean;
  cta: 'shop_now' | 'learn_more' | 'sign_up' | 'book_now' | 'get_offer';
  offer: 'none' | 'discount' | 'free_trial' | 'bundle' | 'free_shipping';
  emotion: 'joy' | 'urgency' | 'trust' | 'curiosity' | 'fear';
  palette: 'warm' | 'cool' | 'neutral' | 'vibrant';
  aspectRatio: '9:16' | '1:1' | '4:5' | '16:9';
  audio: 'voiceover' | 'music' | 'none';
}

const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

const OPENERS = ['Stop scrolling', 'Still paying too much', 'We tried everything', 'The secret to', 'Why nobody tells you', 'Meet the', 'How we doubled', 'Tired of', 'New:', 'Last chance for'];
const OBJECTS = ['better sleep', 'your morning routine', 'faster invoices', 'cleaner skin', 'smarter budgets', 'the perfect fit', 'zero-waste cooking', 'quiet mornings', 'lead follow-up', 'weekend trips'];

export function randomDna(rng: () => number): SimDna {
  const format = pick(rng, ['video', 'video', 'image', 'carousel'] as const);
  const video = format === 'video';
  return {
    format,
    hookType: pick(rng, ['question', 'bold_claim', 'testimonial', 'problem', 'demo', 'offer'] as const),
    hookText: `${pick(rng, OPENERS)} ${pick(rng, OBJECTS)}`,
    hookSeconds: video ? round(0.8 + rng() * 5, 1) : 0,
    durationSeconds: video ? Math.round(6 + rng() * 54) : 0,
    cutsPer10s: video ? round(rng() * 9, 1) : 0,
    textOverlayDensity: round(rng()),
    textContrast: round(0.2 + rng() * 0.8),
    facesInFirst3s: rng() < 0.45,
    captions: rng() < 0.6,
    cta: pick(rng, ['shop_now', 'learn_more', 'sign_up', 'book_now', 'get_offer'] as const),
    offer: pick(rng, ['none', 'none', 'discount', 'free_trial', 'bundle', 'free_shipping'] as const),
    emotion: pick(rng, ['joy', 'urgency', 'trust', 'curiosity', 'fear'] as const),
    palette: pick(rng, ['warm', 'cool', 'neutral', 'vibrant'] as const),
    aspectRatio: pick(rng, ['9:16', '1:1', '4:5', '16:9'] as const),
    audio: video ? pick(rng, ['voiceover', 'music', 'none'] as const) : 'none',
  };
}

/** Log-odds of CTR from DNA (before audience, noise and fatigue). Base ≈ 1.0 %. */
export function dnaLogOdds(d: SimDna): number {
  let x = -4.6;
  if (d.facesInFirst3s) x += 0.25;
  if (d.format === 'video') x += d.hookSeconds <= 2 ? 0.25 : d.hookSeconds > 4 ? -0.15 : 0.05;
  if (d.format === 'carousel') x += 0.05;
  x += (d.textContrast - 0.5) * 0.6;
  if (d.textOverlayDensity > 0.6) x -= 0.2;
  if (d.captions) x += 0.1;
  if (d.format === 'video' && d.cutsPer10s >= 3 && d.cutsPer10s <= 6) x += 0.12;
  if (d.hookType === 'question' || d.hookType === 'testimonial') x += 0.1;
  if (d.offer === 'discount') x += 0.15;
  else if (d.offer === 'free_trial') x += 0.1;
  if (d.aspectRatio === '9:16' || d.aspectRatio === '4:5') x += 0.08;
  if (d.audio === 'voiceover') x += 0.08;
  return x;
}

export function noisyLogOdds(rng: () => number, d: SimDna, audienceBoost: number): number {
  return dnaLogOdds(d) + audienceBoost + 0.25 * sampleNormal(rng);
}
