import { describe, expect, it } from '@jest/globals';
import {
  alignmentCenters,
  encodeQr,
  formatBits,
  QrCapacityError,
  qrSvgPath,
  reedSolomon,
  versionBits,
  type QrCode,
} from './qr-code';

/** The symbol as rows of 0 and 1, as a reference encoder prints it. */
const rows = (code: QrCode): string[] =>
  Array.from({ length: code.size }, (_, y) =>
    Array.from({ length: code.size }, (_, x) => (code.isDark(x, y) ? '1' : '0')).join(''),
  );

// Reference symbols from python-qrcode 7.4 (byte mode, the mask forced, no quiet zone).
const SWITCHBOARD_M_MASK2 = [
  '111111100001001111111',
  '100000100011001000001',
  '101110101111001011101',
  '101110101010001011101',
  '101110101100101011101',
  '100000101111001000001',
  '111111101010101111111',
  '000000001110000000000',
  '101111100101001111100',
  '010100001001111111111',
  '000000111000111001010',
  '011101001101110111111',
  '111010101010101100000',
  '000000001110100110010',
  '111111100111010001110',
  '100000101110010101111',
  '101110101101011111001',
  '101110101010100111100',
  '101110101000101000100',
  '100000100100110011100',
  '111111101011101100010',
];
const LINK_H_MASK6 = [
  '11111110011110100101101111111',
  '10000010001010011111001000001',
  '10111010110010111001001011101',
  '10111010111101100100101011101',
  '10111010000010011011001011101',
  '10000010000101010000001000001',
  '11111110101010101010101111111',
  '00000000001110111111000000000',
  '00011011011011110000000001100',
  '00100001111111011110001101001',
  '00011111001100110011101100100',
  '00100001000111001111101001000',
  '00010111010111000100101101011',
  '10110000110011101010101011101',
  '00100010001110111101111011011',
  '11100101100010100000011001111',
  '00101110101100111101010110101',
  '10111000101111000100011111010',
  '11111111001000011111011010111',
  '11111000001011001011110100110',
  '11100110011001100111111111111',
  '00000000100000100111100010010',
  '11111110111010010001101011010',
  '10000010010101010010100010001',
  '10111010100011010001111110001',
  '10111010101111100011010100110',
  '10111010011111110101010111111',
  '10000010000101100110110110101',
  '11111110001010001011011101000',
];

describe('encodeQr against reference symbols', () => {
  it.each<[string, 'M' | 'H', number, number, string[]]>([
    ['Switchboard', 'M', 2, 1, SWITCHBOARD_M_MASK2],
    ['2@K9x,ab=,cd=,ef=', 'H', 6, 3, LINK_H_MASK6],
  ])('%p at level %s, mask %i → version %i, module for module', (text, level, mask, version, expected) => {
    const code = encodeQr(text, { errorCorrection: level, mask });
    expect(code.version).toBe(version);
    expect(code.size).toBe(4 * version + 17);
    expect(rows(code)).toEqual(expected);
  });
});

describe('encodeQr', () => {
  it.each<[string, number, 'L' | 'M' | 'Q' | 'H', number]>([
    ['1 byte', 1, 'M', 1],
    ['14 bytes (version 1-M holds 14)', 14, 'M', 1],
    ['15 bytes', 15, 'M', 2],
    ['a WhatsApp linking payload (about 200 bytes)', 200, 'M', 10],
    ['the same at level L', 200, 'L', 9],
    ['2331 bytes (version 40-M holds 2331)', 2331, 'M', 40],
  ])('%s at level %s → version %i', (_name, length, level, version) => {
    expect(encodeQr('x'.repeat(length), { errorCorrection: level }).version).toBe(version);
  });

  it('refuses what no version holds', () => {
    expect(() => encodeQr('x'.repeat(2332), { errorCorrection: 'M' })).toThrow(QrCapacityError);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 7 Arabic letters are 14 bytes: version 1-M still; 8 are 16 bytes: version 2.
    expect(encodeQr('مرحبامرح'.slice(0, 7)).version).toBe(1);
    expect(encodeQr('مرحبامرح').version).toBe(2);
  });

  it('chooses one mask and writes it in both copies of the format information', () => {
    const code = encodeQr('2@K9x,ab=,cd=,ef=');
    const bits = formatBits('M', code.mask);
    const bit = (i: number) => ((bits >>> i) & 1) === 1;
    for (let i = 0; i < 8; i++) expect(code.isDark(code.size - 1 - i, 8)).toBe(bit(i));
    for (let i = 0; i <= 5; i++) expect(code.isDark(8, i)).toBe(bit(i));
  });

  it('writes the version information from version 7 on', () => {
    const code = encodeQr('x'.repeat(120), { errorCorrection: 'M' });
    expect(code.version).toBe(7);
    let read = 0;
    for (let i = 17; i >= 0; i--)
      read = (read << 1) | (code.isDark(Math.floor(i / 3), code.size - 11 + (i % 3)) ? 1 : 0);
    expect(read).toBe(versionBits(7));
  });
});

describe('the standard’s building blocks', () => {
  it('Reed-Solomon: the HELLO WORLD 1-M example of the standard', () => {
    const data = Uint8Array.of(32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17);
    expect([...reedSolomon(data, 10)]).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });

  it.each<['L' | 'M' | 'Q' | 'H', number, number]>([
    ['L', 0, 0b111011111000100],
    ['L', 7, 0b110100101110110],
    ['M', 0, 0b101010000010010],
    ['M', 5, 0b100000011001110],
    ['Q', 0, 0b011010101011111],
    ['H', 0, 0b001011010001001],
    ['H', 7, 0b000100000111011],
  ])('format bits of level %s, mask %i', (level, mask, expected) => {
    expect(formatBits(level, mask)).toBe(expected);
  });

  it.each([
    [7, 0x07c94],
    [8, 0x085bc],
    [21, 0x15683],
    [40, 0x28c69],
  ])('version bits of version %i', (version, expected) => {
    expect(versionBits(version)).toBe(expected);
  });

  it.each<[number, number[]]>([
    [1, []],
    [2, [6, 18]],
    [7, [6, 22, 38]],
    [16, [6, 26, 50, 74]],
    [32, [6, 34, 60, 86, 112, 138]],
    [36, [6, 24, 50, 76, 102, 128, 154]],
    [40, [6, 30, 58, 86, 114, 142, 170]],
  ])('alignment pattern centres of version %i', (version, expected) => {
    expect(alignmentCenters(version)).toEqual(expected);
  });
});

describe('qrSvgPath', () => {
  it('draws each run of dark modules of a row as one rectangle, inside the quiet zone', () => {
    const code = encodeQr('Switchboard', { errorCorrection: 'M', mask: 2 });
    const path = qrSvgPath(code, 4);
    // Row 0 is 1111111 0000 1 00 1111111: three runs.
    expect(path.startsWith('M4,4h7v1h-7zM15,4h1v1h-1zM18,4h7v1h-7z')).toBe(true);
    const area = [...path.matchAll(/h(\d+)v1/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(area).toBe(
      SWITCHBOARD_M_MASK2.join('')
        .split('')
        .filter((c) => c === '1').length,
    );
  });
});
