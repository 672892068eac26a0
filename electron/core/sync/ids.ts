import crypto from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { slugKey } from '../../../shared/text-key.ts';

export { slugKey };

/** Fixed namespace of Quartiersatlas' name-based ids. Never change it: ids would stop matching. */
const QUARTIERSATLAS_NAMESPACE = '6f1c2a52-8d0e-4f4e-9a55-0b7d6f3c9e21';

/** Values are identified by what they are about; readable, and equal on every laptop. */
export { indicatorValueId as valueId } from '../../../shared/sync/tables.ts';

/**
 * Ids derived from official keys, so two laptops importing the same official file create the
 * same rows instead of duplicates. Keys are normalised (trimmed, case-folded) first.
 */
export const deterministicId = {
  level: (levelKey: string) => uuidv5(`level|${norm(levelKey)}`, QUARTIERSATLAS_NAMESPACE),
  unit: (levelKey: string, code: string) => uuidv5(`unit|${norm(levelKey)}|${norm(code)}`, QUARTIERSATLAS_NAMESPACE),
  indicator: (code: string) => uuidv5(`indicator|${norm(code)}`, QUARTIERSATLAS_NAMESPACE),
  topic: (topicKey: string) => uuidv5(`topic|${norm(topicKey)}`, QUARTIERSATLAS_NAMESPACE),
  mapping: (name: string) => uuidv5(`mapping|${norm(name)}`, QUARTIERSATLAS_NAMESPACE),
  category: (categoryKey: string) => uuidv5(`category|${norm(categoryKey)}`, QUARTIERSATLAS_NAMESPACE),
  facility: (categoryKey: string, sourceKey: string) =>
    uuidv5(`facility|${norm(categoryKey)}|${norm(sourceKey)}`, QUARTIERSATLAS_NAMESPACE),
};

export function randomId(): string {
  return crypto.randomUUID();
}

function norm(key: string): string {
  return key.trim().toLowerCase();
}

