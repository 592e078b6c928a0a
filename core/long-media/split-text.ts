// Long speech input cut for a provider's character limit: at paragraph
// breaks first, then sentence ends, then spaces, and only a single word
// longer than the limit is cut inside. Pure; joining the chunks gives the
// input back with the whitespace at the cuts dropped.

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

function pack(pieces: readonly string[], max: number, sep: string, finer: (piece: string) => string[]): string[] {
  const out: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) out.push(current.trim());
    current = '';
  };
  for (const piece of pieces) {
    if (piece.trim().length > max) {
      flush();
      out.push(...finer(piece.trim()));
      continue;
    }
    const joined = current ? `${current}${sep}${piece}` : piece;
    if (joined.trim().length <= max) current = joined;
    else {
      flush();
      current = piece;
    }
  }
  flush();
  return out;
}

const hardCut = (word: string, max: number): string[] => {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
  return out;
};

const byWords = (text: string, max: number): string[] => pack(text.split(/\s+/).filter(Boolean), max, ' ', (w) => hardCut(w, max));

const bySentences = (text: string, max: number): string[] =>
  pack(
    [...sentences.segment(text)].map((s) => s.segment.trim()).filter(Boolean),
    max,
    ' ',
    (s) => byWords(s, max),
  );

/** Chunks of at most `max` characters (UTF-16 units, as providers count), in order. */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const paragraphs = text.split(/\n[ \t]*\n/).map((p) => p.trim()).filter(Boolean);
  return pack(paragraphs, max, '\n\n', (p) => bySentences(p, max));
}
