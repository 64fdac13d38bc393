/**
 * Bytes of a manifest file to text, as kubectl reads them: UTF-8, with or without a byte-order
 * mark, and UTF-16 LE or BE when the file starts with its BOM. kubectl's FileVisitor.Visit
 * (kubernetes staging/src/k8s.io/cli-runtime/pkg/resource/visitor.go, v1.34.0) wraps every file
 * in `unicode.BOMOverride(unicode.UTF8.NewDecoder())` before the YAML/JSON decoder.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString('utf8', 3);
  return bytes.toString('utf8');
}
