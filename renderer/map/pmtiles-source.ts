import type { RangeResponse, Source } from 'pmtiles';

/** Largest slice `basemap.read` hands out in one call. */
const MAX_READ = 16 * 1024 * 1024;

/**
 * A PMTiles source that reads the archive through the contract (`basemap.read`): the file stays
 * on the user's disk, main reads byte ranges, nothing goes over any network.
 */
export class ContractSource implements Source {
  readonly #key: string;
  readonly #read: (offset: number, length: number) => Promise<Uint8Array>;

  constructor(key: string, read: (offset: number, length: number) => Promise<Uint8Array>) {
    this.#key = key;
    this.#read = read;
  }

  getKey(): string {
    return this.#key;
  }

  async getBytes(offset: number, length: number, signal?: AbortSignal): Promise<RangeResponse> {
    const parts: Uint8Array[] = [];
    let total = 0;
    while (total < length) {
      signal?.throwIfAborted();
      const want = Math.min(MAX_READ, length - total);
      const part = await this.#read(offset + total, want);
      parts.push(part);
      total += part.byteLength;
      if (part.byteLength < want) break; // end of file
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.byteLength;
    }
    return { data: out.buffer };
  }
}

