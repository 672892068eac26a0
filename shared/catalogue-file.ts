import { z } from 'zod';
import { indicatorInputSchema } from './contract.ts';

/**
 * A file of indicator definitions (e.g. the demo's `indikatoren.json`, or a catalogue a colleague
 * exported): topics in their order and the indicators with full metadata.
 */
export const catalogueFileSchema = z.object({
  version: z.literal(1),
  topics: z.array(z.string().min(1)).optional(),
  indicators: z.array(indicatorInputSchema).min(1),
});

export type CatalogueFile = z.infer<typeof catalogueFileSchema>;
