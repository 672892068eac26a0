/** Guesses which attribute holds the official key, the name and the parent key. */
const CODE_CANDIDATES = ['area_id', 'id', 'code', 'schluessel', 'schlüssel', 'key', 'nummer', 'nr', 'ags', 'gebietsschluessel'];
const NAME_CANDIDATES = ['area_name', 'name', 'bezeichnung', 'stadtteil', 'stadttei00', 'gebiet', 'place', 'schulname', 'titel'];
const PARENT_CANDIDATES = ['parent_are', 'parent_id', 'parent', 'bezirk_id', 'uebergeordnet'];

export interface FieldSuggestion {
  codeField: string | null;
  nameField: string | null;
  parentField: string | null;
}

export function suggestFields(fields: string[]): FieldSuggestion {
  const pick = (candidates: string[]) => {
    for (const candidate of candidates) {
      const hit = fields.find((f) => f.toLowerCase() === candidate);
      if (hit) return hit;
    }
    for (const candidate of candidates) {
      const hit = fields.find((f) => f.toLowerCase().includes(candidate));
      if (hit) return hit;
    }
    return null;
  };
  return { codeField: pick(CODE_CANDIDATES), nameField: pick(NAME_CANDIDATES), parentField: pick(PARENT_CANDIDATES) };
}
