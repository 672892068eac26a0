// One seed for every property in this folder: reproduce a failure with FC_SEED=<printed seed>.
import fc from 'fast-check';

export const seed = Number(process.env.FC_SEED ?? 20261125);

/** Realistic indicator values: two decimals, sign either way, ties likely enough to matter. */
export const indicatorValue = fc.integer({ min: -100_000, max: 100_000 }).map((n) => n / 100);

/** Values with many ties (few distinct values), to exercise the collapse paths. */
export const tiedValue = fc.integer({ min: -3, max: 3 });
