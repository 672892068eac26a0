/**
 * Where the value of a (period/indicator pair, unit) was stored, for the duplicate check. Pairs
 * and units are small consecutive numbers; each pair gets a dense slot array over the units while
 * that stays small (the usual table: a few thousand pairs × a few hundred units), beyond that
 * positions go into a Map, so memory stays bounded by the number of values in any case.
 */
export class ValueIndex {
  /** Dense slots in all, 4 bytes each. */
  private static readonly MAX_DENSE_SLOTS = 4_000_000;
  private readonly unitCount: number;
  /** Per pair: undefined = not seen yet, Int32Array = position + 1 per unit (0 = none), null = in `sparse`. */
  private readonly dense: Array<Int32Array | null | undefined> = [];
  private readonly sparse = new Map<number, number>();
  private denseSlots = 0;

  constructor(unitCount: number) {
    this.unitCount = Math.max(1, unitCount);
  }

  /** The position stored for the pair and unit, or -1. */
  get(pair: number, unit: number): number {
    const slots = this.dense[pair];
    if (slots) return (slots[unit] as number) - 1;
    if (slots === null) return this.sparse.get(pair * this.unitCount + unit) ?? -1;
    return -1;
  }

  set(pair: number, unit: number, position: number): void {
    let slots = this.dense[pair];
    if (slots === undefined) {
      if (this.denseSlots + this.unitCount <= ValueIndex.MAX_DENSE_SLOTS) {
        slots = new Int32Array(this.unitCount);
        this.denseSlots += this.unitCount;
      } else slots = null;
      this.dense[pair] = slots;
    }
    if (slots) slots[unit] = position + 1;
    else this.sparse.set(pair * this.unitCount + unit, position);
  }
}
