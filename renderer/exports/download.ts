import { foldGerman } from '../../shared/text-key.ts';

/**
 * Hands a file to the host as a download: Blob → object URL → a temporary <a download> click.
 * In the browser (web host) that is the browser's download. In Electron the click becomes a
 * `will-download` on the session; main decides there where the file goes (save dialog).
 */
export function downloadBlob(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The download has started from the URL; give the host a moment before it goes away.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

export function downloadBytes(data: Uint8Array, mime: string, fileName: string, doc: Document = document): void {
  // A copy into a fresh ArrayBuffer: `data` may be a view into a larger (or shared) buffer.
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  downloadBlob(new Blob([bytes.buffer], { type: mime }), fileName, doc);
}

/** A file name part from free text: "SGB-II-Quote 2021" → "sgb-ii-quote-2021". */
export function fileNamePart(text: string): string {
  return (
    foldGerman(text)
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || 'karte'
  );
}
