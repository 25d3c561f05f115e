import { linkify } from '../../../shared/linkify';

/**
 * Customer (or agent) text: React text nodes only, with http(s) and mailto links made clickable.
 * Never markup: `<b>` in a message shows as the characters `<b>`.
 */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((segment, i) =>
        segment.kind === 'link' ? (
          <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer nofollow ugc">
            {segment.text}
          </a>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}
