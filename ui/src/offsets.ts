// The one place where text offsets change unit.
//
// The core counts offsets in Unicode scalar values (code points); JavaScript
// strings and ProseMirror count UTF-16 code units. Every offset that crosses
// the IPC boundary is converted here, and nowhere else.

/** UTF-16 index of the `scalar`-th code point of `text` (clamped to the end). */
export function scalarToUtf16(text: string, scalar: number): number {
  if (!Number.isInteger(scalar) || scalar < 0) {
    throw new RangeError(`scalar offset must be a non-negative integer, got ${scalar}`);
  }
  let units = 0;
  let seen = 0;
  while (seen < scalar && units < text.length) {
    const code = text.codePointAt(units)!;
    units += code > 0xffff ? 2 : 1;
    seen += 1;
  }
  return units;
}

/** Code-point index of the UTF-16 index `utf16` of `text` (clamped to the end).
 *  An index inside a surrogate pair counts as the start of that pair. */
export function utf16ToScalar(text: string, utf16: number): number {
  if (!Number.isInteger(utf16) || utf16 < 0) {
    throw new RangeError(`UTF-16 offset must be a non-negative integer, got ${utf16}`);
  }
  let units = 0;
  let scalars = 0;
  while (units < text.length) {
    const code = text.codePointAt(units)!;
    const width = code > 0xffff ? 2 : 1;
    if (units + width > utf16) break;
    units += width;
    scalars += 1;
  }
  return scalars;
}

/** A scalar span from the core as a UTF-16 span for the editor. */
export function spanToUtf16(
  text: string,
  span: { start: number; end: number },
): { from: number; to: number } {
  return { from: scalarToUtf16(text, span.start), to: scalarToUtf16(text, span.end) };
}

/** A UTF-16 span from the editor as a scalar span for the core. */
export function spanToScalar(
  text: string,
  span: { from: number; to: number },
): { start: number; end: number } {
  return { start: utf16ToScalar(text, span.from), end: utf16ToScalar(text, span.to) };
}
