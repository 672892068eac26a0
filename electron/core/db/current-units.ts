/**
 * The SQL condition for units valid today: the current boundaries. Ended units stay in the table
 * as history; units of a boundary version that starts later are not current before their date
 * (else old and new versions overlap). One definition for the map, lists, imports and dissolve.
 */
export function currentUnitCondition(alias?: 'u' | 'spatial_units'): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `${column('deleted')} = 0 AND (${column('valid_to')} IS NULL OR ${column('valid_to')} >= date('now')) AND (${column('valid_from')} IS NULL OR ${column('valid_from')} <= date('now'))`;
}
