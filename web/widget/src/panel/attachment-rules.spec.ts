import { describe, expect, it } from '@jest/globals';
import { checkAttachment, formatBytes, typeAllowed } from './attachment-rules';

describe('typeAllowed', () => {
  it.each([
    ['image/png', 'a.png', ['image/*'], true],
    ['IMAGE/JPEG', 'a.jpg', ['image/*'], true],
    ['application/pdf', 'a.pdf', ['image/*'], false],
    ['application/pdf', 'a.pdf', ['image/*', 'application/pdf'], true],
    ['application/pdfx', 'a.pdf', ['application/pdf'], false],
    ['', 'notes.txt', ['.txt'], true],
    ['', 'notes.txt', ['text/plain'], false],
    ['video/mp4', 'clip.mp4', [], true],
    ['video/mp4', 'clip.mp4', ['*/*'], true],
    ['imagex/png', 'a.png', ['image/*'], false],
  ])('%p named %p against %p → %p', (mime, name, allowed, expected) => {
    expect(typeAllowed(mime, name, allowed)).toBe(expected);
  });
});

describe('checkAttachment', () => {
  const rules = { enabled: true, maxBytes: 1000, allowedTypes: ['image/*'] };
  it.each([
    [{ name: 'a.png', size: 1000, type: 'image/png' }, rules, 'ok'],
    [{ name: 'a.png', size: 1001, type: 'image/png' }, rules, 'too_large'],
    [{ name: 'a.exe', size: 10, type: 'application/x-msdownload' }, rules, 'type_not_allowed'],
    [{ name: 'a.png', size: 10, type: 'image/png' }, { ...rules, enabled: false }, 'disabled'],
  ])('%p → %p', (file, config, expected) => {
    expect(checkAttachment(file, config)).toBe(expected);
  });
});

describe('formatBytes', () => {
  it.each([
    [512, 'en', '512 byte'],
    [10485760, 'en', '10 MB'],
    [1572864, 'en', '1.5 MB'],
    [2048, 'en', '2 kB'],
  ])('%p in %p → %p', (bytes, locale, expected) => {
    expect(formatBytes(bytes, locale)).toBe(expected);
  });
});
