// UTF-8 without the platform: the workflow sandbox has no TextEncoder of its own (and receives none from the host
// realm), so payload conversion there uses these. Outside the sandbox the platform's codec is used.

/** UTF-8 bytes of `s` (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Encode(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 0x3f);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.slice(0, n);
}

/** The text of UTF-8 `bytes`; malformed sequences become U+FFFD (or throw with `fatal`). */
export function utf8Decode(bytes: Uint8Array, fatal = false): string {
  const units: number[] = [];
  let out = '';
  const bad = () => {
    if (fatal) throw new TypeError('The encoded data was not valid for encoding utf-8');
    units.push(0xfffd);
  };
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    let cp = -1;
    let extra = 0;
    if (b < 0x80) cp = b;
    else if (b >= 0xc2 && b <= 0xdf) [cp, extra] = [b & 0x1f, 1];
    else if (b >= 0xe0 && b <= 0xef) [cp, extra] = [b & 0x0f, 2];
    else if (b >= 0xf0 && b <= 0xf4) [cp, extra] = [b & 0x07, 3];
    i++;
    if (cp < 0) {
      bad();
    } else {
      let ok = true;
      for (let k = 0; k < extra; k++) {
        const c = bytes[i];
        if (c === undefined || (c & 0xc0) !== 0x80) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
        i++;
      }
      const overlong = (extra === 2 && cp < 0x800) || (extra === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff);
      if (!ok || overlong) bad();
      else if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      else units.push(cp);
    }
    if (units.length > 8192) out += String.fromCharCode(...units.splice(0));
  }
  return out + String.fromCharCode(...units);
}

/** TextEncoder for the sandbox (UTF-8 only, as the platform's). */
export class Utf8TextEncoder {
  readonly encoding = 'utf-8';
  encode(input = ''): Uint8Array {
    return utf8Encode(String(input));
  }
  encodeInto(input: string, dest: Uint8Array): { read: number; written: number } {
    const bytes = utf8Encode(input);
    const written = Math.min(bytes.length, dest.length);
    dest.set(bytes.subarray(0, written));
    return { read: written === bytes.length ? input.length : utf8Decode(bytes.subarray(0, written)).length, written };
  }
}

/** TextDecoder for the sandbox (UTF-8 only). */
export class Utf8TextDecoder {
  readonly encoding = 'utf-8';
  readonly fatal: boolean;
  readonly ignoreBOM: boolean;
  constructor(label = 'utf-8', options: { fatal?: boolean; ignoreBOM?: boolean } = {}) {
    if (!/^utf-?8$/i.test(label)) throw new RangeError(`The "${label}" encoding is not supported in workflow code (only utf-8)`);
    this.fatal = options.fatal ?? false;
    this.ignoreBOM = options.ignoreBOM ?? false;
  }
  decode(input?: ArrayBuffer | ArrayBufferView): string {
    if (!input) return '';
    const bytes = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    const text = utf8Decode(bytes, this.fatal);
    return !this.ignoreBOM && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}
