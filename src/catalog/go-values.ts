// How Milvus's Go code reads the text values of parameters and properties, shared by every layer
// that must accept exactly what Milvus accepts.

/** Go's strconv.ParseBool: undefined when the text is not one of Go's boolean spellings. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** Go's unicode.IsSpace: ASCII blanks, U+0085, U+00A0 and the Unicode White_Space characters. */
function isGoSpace(c: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u.test(c);
}

/**
 * Go's strings.TrimSpace. Unlike String#trim it keeps U+FEFF (a byte-order mark is not a space to
 * Go) and removes U+0085, so a name Milvus refuses is not made acceptable by trimming.
 */
export function goTrimSpace(text: string): string {
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && isGoSpace(chars[start]!)) start++;
  while (end > start && isGoSpace(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}
