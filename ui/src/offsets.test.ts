import { scalarToUtf16, spanToScalar, spanToUtf16, utf16ToScalar } from "./offsets";

// "Kyiv 🇺🇦 says: 700 troops" — the flag is two astral code points (4 UTF-16 units).
const text = "Kyiv 🇺🇦 says: 700 troops";

describe("offset conversion at the IPC boundary", () => {
  it("is the identity on BMP-only text", () => {
    const plain = "Peskov said on Wednesday — “no”";
    for (let i = 0; i <= plain.length; i++) {
      expect(scalarToUtf16(plain, i)).toBe(i);
      expect(utf16ToScalar(plain, i)).toBe(i);
    }
  });

  it("counts astral characters as one scalar and two UTF-16 units", () => {
    const scalarStart = [...text].indexOf("7");
    const utf16Start = text.indexOf("700");
    expect(scalarStart).toBe(utf16Start - 2);
    expect(scalarToUtf16(text, scalarStart)).toBe(utf16Start);
    expect(utf16ToScalar(text, utf16Start)).toBe(scalarStart);
  });

  it("round-trips every scalar offset", () => {
    const scalars = [...text].length;
    for (let s = 0; s <= scalars; s++) {
      expect(utf16ToScalar(text, scalarToUtf16(text, s))).toBe(s);
    }
  });

  it("converts spans both ways", () => {
    const start = [...text].indexOf("7");
    const span = spanToUtf16(text, { start, end: start + 3 });
    expect(text.slice(span.from, span.to)).toBe("700");
    expect(spanToScalar(text, span)).toEqual({ start, end: start + 3 });
  });

  it("clamps past the end and snaps inside a surrogate pair to its start", () => {
    expect(scalarToUtf16(text, 999)).toBe(text.length);
    expect(utf16ToScalar(text, 999)).toBe([...text].length);
    const flag = text.indexOf("🇺");
    expect(utf16ToScalar(text, flag + 1)).toBe(utf16ToScalar(text, flag));
  });

  it("rejects negative and fractional offsets", () => {
    expect(() => scalarToUtf16(text, -1)).toThrow(RangeError);
    expect(() => utf16ToScalar(text, 1.5)).toThrow(RangeError);
  });
});
