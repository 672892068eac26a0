import { useEffect, useRef, useState } from 'react';
import { useApi } from '../api/context.tsx';

export interface AttachmentUrls {
  /** Attachment id → Blob object URL, for the ids loaded so far. */
  urls: ReadonlyMap<string, string>;
  /** Ids whose bytes could not be read (missing or damaged file). */
  failed: ReadonlySet<string>;
}

/**
 * Loads attachments (attachments.get) and shows them through Blob object URLs. Each id is read
 * once; URLs of ids that left the list are revoked at once, all others on unmount.
 */
export function useAttachmentUrls(ids: readonly string[]): AttachmentUrls {
  const api = useApi();
  const created = useRef(new Map<string, string>());
  const [urls, setUrls] = useState<ReadonlyMap<string, string>>(() => new Map());
  const [failed, setFailed] = useState<ReadonlySet<string>>(() => new Set());
  const key = ids.join(',');

  useEffect(() => {
    let active = true;
    const wanted = key ? key.split(',') : [];
    const keep = new Set(wanted);
    for (const [id, url] of created.current) {
      if (keep.has(id)) continue;
      URL.revokeObjectURL(url);
      created.current.delete(id);
    }
    setUrls(new Map(created.current));
    for (const id of wanted) {
      if (created.current.has(id)) continue;
      api.call('attachments.get', { id }).then(
        (file) => {
          if (!active || created.current.has(id)) return;
          created.current.set(id, URL.createObjectURL(new Blob([new Uint8Array(file.data)], { type: file.mime })));
          setUrls(new Map(created.current));
        },
        () => active && setFailed((current) => new Set(current).add(id)),
      );
    }
    return () => {
      active = false;
    };
  }, [api, key]);

  useEffect(() => {
    const map = created.current;
    return () => {
      for (const url of map.values()) URL.revokeObjectURL(url);
      map.clear();
    };
  }, []);

  return { urls, failed };
}
