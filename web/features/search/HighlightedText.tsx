import type { SearchSnippetPart } from '../../../domain/search.js';

/** Text with the search's hits marked; the parts are plain text, rendered as text, never as HTML. */
export function HighlightedText({ parts }: { parts: SearchSnippetPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.hit ? (
          <mark key={i} className="search-hit">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
