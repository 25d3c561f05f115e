import { mediaFileName } from './media-download.service';

describe('mediaFileName', () => {
  it.each<[string, string, string]>([
    ['image', 'image/jpeg', 'image-0f1e2d3c.jpg'],
    ['audio', 'audio/ogg; codecs=opus', 'audio-0f1e2d3c.ogg'],
    ['file', 'application/pdf', 'file-0f1e2d3c.pdf'],
    ['video', 'VIDEO/MP4', 'video-0f1e2d3c.mp4'],
    ['file', 'application/x-unknown', 'file-0f1e2d3c.bin'],
  ])('%s %s → %s', (kind, mimeType, name) => {
    expect(mediaFileName(kind, '0f1e2d3c-aaaa-bbbb-cccc-ddddeeeeffff', mimeType)).toBe(name);
  });
});
