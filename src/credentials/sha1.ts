/**
 * SHA-1 (FIPS 180-4, section 6.1) of a UTF-8 string, as hex. Hand-written for one reason:
 * node:crypto pulls 36 of Node's internal modules (its stream stack among them) into a cache
 * hit, about a third of that path's start-up budget. The cache key (botocore's) is SHA-1 of a
 * short JSON text; test/cache.test.ts checks this against node:crypto on random input.
 * It runs once per cache hit, in V8's interpreter: the arithmetic stays in signed 32 bits
 * (`| 0`), which the interpreter keeps as small integers, where unsigned results (`>>> 0`)
 * above 2^31 would each be a heap number.
 */
export function sha1Hex(text: string): string {
  // Buffer, not TextEncoder: the first TextEncoder loads a module of Node's of its own.
  const bytes = Buffer.from(text, "utf8");
  const n = bytes.length;
  const words = new Int32Array((((n + 8) >> 6) + 1) * 16);
  for (let i = 0; i < n; i++) words[i >> 2] = (words[i >> 2] as number) | ((bytes[i] as number) << (24 - (i & 3) * 8));
  words[n >> 2] = (words[n >> 2] as number) | (0x80 << (24 - (n & 3) * 8));
  words[words.length - 1] = n * 8;
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  const w = new Int32Array(80);
  for (let block = 0; block < words.length; block += 16) {
    for (let t = 0; t < 16; t++) w[t] = words[block + t] as number;
    for (let t = 16; t < 80; t++) {
      const x = (w[t - 3] as number) ^ (w[t - 8] as number) ^ (w[t - 14] as number) ^ (w[t - 16] as number);
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t++) {
      const f =
        t < 20
          ? ((b & c) | (~b & d)) + 0x5a827999
          : t < 40
            ? (b ^ c ^ d) + 0x6ed9eba1
            : t < 60
              ? ((b & c) | (b & d) | (c & d)) + (0x8f1bbcdc | 0)
              : (b ^ c ^ d) + (0xca62c1d6 | 0);
      const temp = (((a << 5) | (a >>> 27)) + f + e + (w[t] as number)) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  let hex = "";
  for (const h of [h0, h1, h2, h3, h4]) hex += (h >>> 0).toString(16).padStart(8, "0");
  return hex;
}
