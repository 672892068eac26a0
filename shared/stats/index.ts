// Indicator statistics for renderer and main alike: pure functions, no I/O.
export * from './types.ts';
export * from './classify.ts';
export * from './standardise.ts';
export * from './derive.ts';
export * from './aggregate.ts';
export * from './outliers.ts';
export * from './suppress.ts';
export * from './composite-index.ts';
export * from './composite-presets.ts';
export * from './reference-value.ts';
