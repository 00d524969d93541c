export const MAX_FILE_NAME_LENGTH = 200;
const FALLBACK = 'file';

// C0 and C1 control characters, and the bidirectional overrides that let "gpj.exe" look like "exe.jpg".
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Characters that no file system agrees on; replaced rather than dropped, so that words stay apart.
const RESERVED = /[<>:"|?*]/g;

/**
 * A client's file name made harmless to store and to hand back in Content-Disposition: its last path
 * segment only, no control characters, at most 200 characters (the extension kept), `file` when nothing is left.
 */
export function sanitizeFileName(raw: string | undefined | null): string {
  let name = String(raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(UNSAFE, '').replace(RESERVED, '_').trim().replace(/^\.+/, '').trim();
  const chars = Array.from(name);
  if (chars.length > MAX_FILE_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
    const kept = extension.length > 0 && extension.length <= 16 ? extension : [];
    name =
      chars
        .slice(0, MAX_FILE_NAME_LENGTH - kept.length)
        .join('')
        .trimEnd() + kept.join('');
  }
  return name === '' ? FALLBACK : name;
}

/** `attachment; filename*=UTF-8''…` (RFC 6266 / RFC 8187): any name, safely quoted. */
export function contentDisposition(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}
