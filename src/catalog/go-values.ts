// How Milvus's Go code reads the text values of parameters and properties, shared by every layer
// that must accept exactly what Milvus accepts.

/** Go's strconv.ParseBool: undefined when the text is not one of Go's boolean spellings. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}
