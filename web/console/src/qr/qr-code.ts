/*
 * QR Code encoder (byte mode), written for Switchboard from ISO/IEC 18004:2015.
 * Copyright (c) Switchboard contributors. Released under the MIT License, like the project
 * (package.json "license"): use, copy, modify and distribute freely, without warranty.
 *
 * Enough of the standard to show a WhatsApp Web linking code: 8-bit byte mode (UTF-8 text),
 * versions 1-40, the four error correction levels, Reed-Solomon over GF(256), all eight masks
 * with the standard's penalty rules. No numeric/alphanumeric/kanji modes, no ECI, no structured
 * append: a linking payload does not need them and byte mode reads everywhere. qr-code.spec.ts
 * checks it module for module against a reference encoder.
 */

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/** An encoded symbol: `size`×`size` modules, dark where `isDark(x, y)` (x the column, y the row). */
export interface QrCode {
  version: number;
  size: number;
  errorCorrection: QrErrorCorrection;
  mask: number;
  /** Row-major, 1 for dark. */
  modules: Uint8Array;
  isDark(x: number, y: number): boolean;
}

export class QrCapacityError extends Error {
  constructor(bytes: number, level: QrErrorCorrection) {
    super(`${bytes} bytes do not fit in a QR code at level ${level}.`);
    this.name = 'QrCapacityError';
  }
}

// ISO/IEC 18004 Table 9, by level then version (index 0 unused): error correction codewords per
// block, and the number of blocks.
const EC_PER_BLOCK: Record<QrErrorCorrection, readonly number[]> = {
  L: [
    0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  M: [
    0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  ],
  Q: [
    0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  H: [
    0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
};
const BLOCKS: Record<QrErrorCorrection, readonly number[]> = {
  L: [
    0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16,
    17, 18, 19, 19, 20, 21, 22, 24, 25,
  ],
  M: [
    0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28,
    29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
  ],
  Q: [
    0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35,
    38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
  ],
  H: [
    0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42,
    45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
  ],
};
/** The level's two bits in the format information. */
const LEVEL_BITS: Record<QrErrorCorrection, number> = { L: 1, M: 0, Q: 3, H: 2 };

/**
 * Encodes `text` (as UTF-8) in the smallest version that holds it at `errorCorrection`; the mask
 * is the one with the lowest penalty unless `mask` (0-7) forces one.
 *
 * @example
 * const code = encodeQr('2@AbC...,xyz=,uvw=,rst=');
 * code.size; // 4 * code.version + 17
 */
export function encodeQr(
  text: string,
  options: { errorCorrection?: QrErrorCorrection; mask?: number; minVersion?: number } = {},
): QrCode {
  const level = options.errorCorrection ?? 'M';
  const data = new TextEncoder().encode(text);
  for (let version = options.minVersion ?? 1; version <= 40; version++) {
    const layout = new SymbolLayout(version);
    const capacity = dataCodewords(layout, level);
    const countBits = version <= 9 ? 8 : 16;
    if (data.length >= 2 ** countBits || 4 + countBits + 8 * data.length > capacity * 8) continue;
    const codewords = withErrorCorrection(byteModeCodewords(data, countBits, capacity), layout, level);
    return layout.finish(codewords, level, options.mask);
  }
  throw new QrCapacityError(data.length, level);
}

/**
 * An SVG path drawing every dark module as a unit square, one run of a row per subpath, inside a
 * quiet zone of `border` modules: `<svg viewBox="0 0 {size+2*border} {size+2*border}"><path d=…/>`.
 */
export function qrSvgPath(code: QrCode, border = 4): string {
  const parts: string[] = [];
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (!code.isDark(x, y)) continue;
      let run = 1;
      while (x + run < code.size && code.isDark(x + run, y)) run++;
      parts.push(`M${x + border},${y + border}h${run}v1h-${run}z`);
      x += run - 1;
    }
  }
  return parts.join('');
}

function dataCodewords(layout: SymbolLayout, level: QrErrorCorrection): number {
  return layout.totalCodewords - EC_PER_BLOCK[level][layout.version] * BLOCKS[level][layout.version];
}

/** Mode indicator 0100, the count, the bytes, a terminator, then the pad codewords 0xEC 0x11. */
function byteModeCodewords(data: Uint8Array, countBits: number, capacity: number): Uint8Array {
  const bits: number[] = [];
  const push = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  push(0b0100, 4);
  push(data.length, countBits);
  for (const byte of data) push(byte, 8);
  push(0, Math.min(4, capacity * 8 - bits.length));
  push(0, (8 - (bits.length % 8)) % 8);
  const out = new Uint8Array(capacity);
  for (let i = 0; i < bits.length; i += 8) {
    let byte = 0;
    for (let j = 0; j < 8; j++) byte = (byte << 1) | bits[i + j];
    out[i / 8] = byte;
  }
  for (let i = bits.length / 8, pad = 0; i < capacity; i++, pad ^= 1) out[i] = pad ? 0x11 : 0xec;
  return out;
}

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];

function gfMultiply(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/** The generator (x - α^0)(x - α^1)…(x - α^(degree-1)), highest coefficient (1) left out. */
function generatorPolynomial(degree: number): Uint8Array {
  let poly = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] ^= poly[j];
      next[j + 1] ^= gfMultiply(poly[j], EXP[i]);
    }
    poly = next;
  }
  return Uint8Array.from(poly.slice(1));
}

/**
 * The Reed-Solomon error correction codewords of `data` (the remainder of data·x^degree divided
 * by the generator polynomial).
 *
 * @example reedSolomon(Uint8Array.of(32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17), 10)
 * // 196, 35, 39, 119, 235, 215, 231, 226, 93, 23
 */
export function reedSolomon(data: Uint8Array, degree: number): Uint8Array {
  const generator = generatorPolynomial(degree);
  const remainder = new Uint8Array(degree);
  for (const byte of data) {
    const factor = byte ^ remainder[0];
    remainder.copyWithin(0, 1);
    remainder[degree - 1] = 0;
    for (let i = 0; i < degree; i++) remainder[i] ^= gfMultiply(generator[i], factor);
  }
  return remainder;
}

/** Splits the data into the version's blocks, adds each block's EC codewords, interleaves all. */
function withErrorCorrection(data: Uint8Array, layout: SymbolLayout, level: QrErrorCorrection): Uint8Array {
  const blocks = BLOCKS[level][layout.version];
  const ecLength = EC_PER_BLOCK[level][layout.version];
  const shortData = Math.floor(layout.totalCodewords / blocks) - ecLength;
  const longBlocks = layout.totalCodewords % blocks;
  const dataBlocks: Uint8Array[] = [];
  const ecBlocks: Uint8Array[] = [];
  for (let b = 0, at = 0; b < blocks; b++) {
    // The last `longBlocks` blocks hold one data codeword more.
    const length = shortData + (b >= blocks - longBlocks ? 1 : 0);
    const block = data.subarray(at, at + length);
    at += length;
    dataBlocks.push(block);
    ecBlocks.push(reedSolomon(block, ecLength));
  }
  const out: number[] = [];
  for (let i = 0; i <= shortData; i++)
    for (const block of dataBlocks) if (i < block.length) out.push(block[i]);
  for (let i = 0; i < ecLength; i++) for (const block of ecBlocks) out.push(block[i]);
  return Uint8Array.from(out);
}

/** 15 format bits: level and mask with their BCH(15,5) code, XORed with 101010000010010. */
export function formatBits(level: QrErrorCorrection, mask: number): number {
  const data = (LEVEL_BITS[level] << 3) | mask;
  let rem = data << 10;
  for (let bit = 14; bit >= 10; bit--) if (rem & (1 << bit)) rem ^= 0x537 << (bit - 10);
  return ((data << 10) | rem) ^ 0x5412;
}

/** 18 version bits (versions 7 and up): the version with its BCH(18,6) code. */
export function versionBits(version: number): number {
  let rem = version << 12;
  for (let bit = 17; bit >= 12; bit--) if (rem & (1 << bit)) rem ^= 0x1f25 << (bit - 12);
  return (version << 12) | rem;
}

/** Centres of the alignment patterns on each axis (ISO/IEC 18004 Annex E). */
export function alignmentCenters(version: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const last = 4 * version + 10;
  // Evenly spaced from the last towards 6 with an even step; version 32 is the exception.
  const step = version === 32 ? 26 : Math.ceil((last - 6) / (count - 1) / 2) * 2;
  const centers = [6];
  for (let i = count - 2; i >= 0; i--) centers.push(last - i * step);
  return centers;
}

const MASKS: readonly ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** One version's grid: the function patterns drawn and marked, the rest free for data. */
class SymbolLayout {
  readonly size: number;
  readonly modules: Uint8Array;
  /** 1 where a function pattern (or reserved format/version area) is. */
  readonly reserved: Uint8Array;
  readonly totalCodewords: number;

  constructor(readonly version: number) {
    this.size = 4 * version + 17;
    this.modules = new Uint8Array(this.size * this.size);
    this.reserved = new Uint8Array(this.size * this.size);
    this.drawFunctionPatterns();
    let free = 0;
    for (const r of this.reserved) if (!r) free++;
    this.totalCodewords = Math.floor(free / 8);
  }

  finish(codewords: Uint8Array, level: QrErrorCorrection, forcedMask: number | undefined): QrCode {
    this.placeData(codewords);
    const candidates = forcedMask === undefined ? [0, 1, 2, 3, 4, 5, 6, 7] : [forcedMask];
    let best: { mask: number; modules: Uint8Array; penalty: number } | null = null;
    for (const mask of candidates) {
      const modules = this.masked(mask, level);
      const penalty = candidates.length === 1 ? 0 : maskPenalty(modules, this.size);
      if (!best || penalty < best.penalty) best = { mask, modules, penalty };
    }
    const { mask, modules } = best as { mask: number; modules: Uint8Array };
    const size = this.size;
    return {
      version: this.version,
      size,
      errorCorrection: level,
      mask,
      modules,
      isDark: (x, y) => x >= 0 && y >= 0 && x < size && y < size && modules[y * size + x] === 1,
    };
  }

  private set(x: number, y: number, dark: boolean): void {
    const i = y * this.size + x;
    this.modules[i] = dark ? 1 : 0;
    this.reserved[i] = 1;
  }

  private drawFunctionPatterns(): void {
    const size = this.size;
    for (let i = 0; i < size; i++) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    for (const [cx, cy] of [
      [3, 3],
      [size - 4, 3],
      [3, size - 4],
    ]) {
      // The 7×7 finder and its light separator: a ring at Chebyshev distance 2 or 4 is light.
      for (let dy = -4; dy <= 4; dy++) {
        for (let dx = -4; dx <= 4; dx++) {
          const x = cx + dx;
          const y = cy + dy;
          if (x < 0 || y < 0 || x >= size || y >= size) continue;
          const d = Math.max(Math.abs(dx), Math.abs(dy));
          this.set(x, y, d !== 2 && d !== 4);
        }
      }
    }
    const centers = alignmentCenters(this.version);
    const last = centers.length - 1;
    for (let i = 0; i <= last; i++) {
      for (let j = 0; j <= last; j++) {
        if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue;
        for (let dy = -2; dy <= 2; dy++)
          for (let dx = -2; dx <= 2; dx++)
            this.set(centers[i] + dx, centers[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
      }
    }
    this.drawFormat(0); // reserves the areas; drawn for real once the mask is chosen
    if (this.version >= 7) {
      const bits = versionBits(this.version);
      for (let i = 0; i < 18; i++) {
        const dark = ((bits >>> i) & 1) === 1;
        const a = size - 11 + (i % 3);
        const b = Math.floor(i / 3);
        this.set(a, b, dark);
        this.set(b, a, dark);
      }
    }
  }

  /** The format information in both copies, and the dark module beside the bottom-left finder. */
  drawFormat(bits: number): void {
    const size = this.size;
    const bit = (i: number) => ((bits >>> i) & 1) === 1;
    for (let i = 0; i <= 5; i++) this.set(8, i, bit(i));
    this.set(8, 7, bit(6));
    this.set(8, 8, bit(7));
    this.set(7, 8, bit(8));
    for (let i = 9; i < 15; i++) this.set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i++) this.set(size - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i++) this.set(8, size - 15 + i, bit(i));
    this.set(8, size - 8, true);
  }

  /** Codeword bits, most significant first, in the zigzag of two-column strips from the bottom right. */
  private placeData(codewords: Uint8Array): void {
    const size = this.size;
    let i = 0;
    const total = codewords.length * 8;
    for (let right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5; // the vertical timing pattern is skipped whole
      const upward = ((right + 1) & 2) === 0;
      for (let step = 0; step < size; step++) {
        const y = upward ? size - 1 - step : step;
        for (let dx = 0; dx < 2; dx++) {
          const x = right - dx;
          const at = y * size + x;
          if (this.reserved[at]) continue;
          // Remainder bits (past the last codeword) stay light.
          this.modules[at] = i < total && ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1 ? 1 : 0;
          i++;
        }
      }
    }
  }

  private masked(mask: number, level: QrErrorCorrection): Uint8Array {
    const size = this.size;
    const saved = this.modules.slice();
    this.drawFormat(formatBits(level, mask));
    const out = this.modules.slice();
    this.modules.set(saved);
    const flip = MASKS[mask];
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const at = y * size + x;
        if (!this.reserved[at] && flip(x, y)) out[at] ^= 1;
      }
    return out;
  }
}

/** The standard's penalty (rules N1-N4) of a masked symbol: lower reads better. */
export function maskPenalty(modules: Uint8Array, size: number): number {
  let penalty = 0;
  const line = new Uint8Array(size);
  for (let axis = 0; axis < 2; axis++) {
    for (let a = 0; a < size; a++) {
      for (let b = 0; b < size; b++) line[b] = axis === 0 ? modules[a * size + b] : modules[b * size + a];
      penalty += runPenalty(line) + finderLikePenalty(line);
    }
  }
  for (let y = 0; y < size - 1; y++)
    for (let x = 0; x < size - 1; x++) {
      const c = modules[y * size + x];
      if (
        c === modules[y * size + x + 1] &&
        c === modules[(y + 1) * size + x] &&
        c === modules[(y + 1) * size + x + 1]
      )
        penalty += 3;
    }
  let dark = 0;
  for (const m of modules) dark += m;
  const total = size * size;
  penalty += Math.floor(Math.abs(dark * 20 - total * 10) / total) * 10;
  return penalty;
}

/** N1: 3 + (n - 5) for every run of n ≥ 5 modules of one colour. */
function runPenalty(line: Uint8Array): number {
  let penalty = 0;
  let run = 1;
  for (let i = 1; i <= line.length; i++) {
    if (i < line.length && line[i] === line[i - 1]) {
      run++;
      continue;
    }
    if (run >= 5) penalty += run - 2;
    run = 1;
  }
  return penalty;
}

const FINDER_LIKE = [1, 0, 1, 1, 1, 0, 1];

/** N3: 40 for each 1:1:3:1:1 dark-light pattern with four light modules on either side. */
function finderLikePenalty(line: Uint8Array): number {
  const at = (i: number) => (i < 0 || i >= line.length ? 0 : line[i]);
  let penalty = 0;
  for (let start = 0; start + 7 <= line.length; start++) {
    if (!FINDER_LIKE.every((v, k) => at(start + k) === v)) continue;
    const lightBefore = [1, 2, 3, 4].every((k) => at(start - k) === 0);
    const lightAfter = [0, 1, 2, 3].every((k) => at(start + 7 + k) === 0);
    if (lightBefore) penalty += 40;
    if (lightAfter) penalty += 40;
  }
  return penalty;
}
