/**
 * Which attachments the help desk keeps (HD-1, SEC-1), pure: documents and images a citizen sends with a
 * request, up to a size; anything executable or unknown is refused by name, its content never stored.
 */

/** The types kept, by media type and by extension (mail clients often say application/octet-stream). */
const ALLOWED: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/tiff': ['tif', 'tiff'],
  'image/gif': ['gif'],
  'text/plain': ['txt'],
  'text/xml': ['xml'],
  'application/xml': ['xml'],
  'application/pkcs7-mime': ['p7m'],
  'application/pkcs7-signature': ['p7s'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/msword': ['doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'message/rfc822': ['eml'],
};
const EXTENSIONS = new Map(Object.entries(ALLOWED).flatMap(([type, exts]) => exts.map((e) => [e, type])));

export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export type AttachmentVerdict = { ok: true; contentType: string } | { ok: false; reason: string };

/** Kept when its extension is allowed and its declared type agrees (or is the generic octet-stream). */
export function checkAttachment(
  filename: string,
  declaredType: string,
  size: number,
  maxBytes: number,
): AttachmentVerdict {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const type = declaredType.toLowerCase().split(';')[0]!.trim();
  const byExt = EXTENSIONS.get(ext);
  if (!byExt) return { ok: false, reason: `type not accepted (.${ext || '?'})` };
  if (type !== 'application/octet-stream' && type !== byExt && !ALLOWED[type]?.includes(ext))
    return { ok: false, reason: `declared ${type} does not match .${ext}` };
  if (size > maxBytes) return { ok: false, reason: `larger than ${Math.floor(maxBytes / 1048576)} MB` };
  return { ok: true, contentType: ALLOWED[type]?.includes(ext) ? type : byExt };
}

/** A name safe to offer for download: no path, no control characters, at most 120 characters. */
export function safeFilename(name: string): string {
  const base = name
    .replace(/^.*[\\/]/, '')
    .split('')
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && c !== '"')
    .join('')
    .trim();
  return (base || 'allegato').slice(-120);
}
