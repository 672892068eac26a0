import { useTranslation } from 'react-i18next';
import type { Polarity } from '../indicators/ramps.ts';

export type TrendDirection = 'up' | 'down' | 'flat';
export type TrendJudgement = 'better' | 'worse' | 'neutral';

/**
 * Direction of a change compared at the indicator's displayed precision: a change that
 * disappears when rounded to its decimals is "flat".
 */
export function trendDirection(current: number, previous: number, decimals: number): TrendDirection {
  const f = 10 ** decimals;
  const a = Math.round(current * f);
  const b = Math.round(previous * f);
  return a > b ? 'up' : a < b ? 'down' : 'flat';
}

/** Rising need is worse; for 'better' indicators rising is better; neutral has no judgement. */
export function trendJudgement(direction: TrendDirection, polarity: Polarity): TrendJudgement {
  if (direction === 'flat' || polarity === 'neutral') return 'neutral';
  const rising = direction === 'up';
  return (polarity === 'need') === rising ? 'worse' : 'better';
}

const GLYPH: Record<TrendDirection, string> = { up: '↑', down: '↓', flat: '→' };

export interface TrendArrowProps {
  direction: TrendDirection;
  polarity: Polarity;
  /** Period compared with, for the label ("gegenüber 2020"). */
  previousPeriod: string;
}

/** Arrow by shape (↑ ↓ →) and by colour (worse = orange-red, better = blue-green), with a label. */
export function TrendArrow({ direction, polarity, previousPeriod }: TrendArrowProps) {
  const { t } = useTranslation();
  const judgement = trendJudgement(direction, polarity);
  const label = t('profile.trendLabel', {
    direction: t(`profile.trend.${direction}`),
    period: previousPeriod,
    judgement: t(`profile.judgement.${judgement}`),
  });
  return (
    <span className={`trend trend--${judgement}`} role="img" aria-label={label} title={label} data-testid="trend-arrow" data-direction={direction} data-judgement={judgement}>
      {GLYPH[direction]}
    </span>
  );
}
