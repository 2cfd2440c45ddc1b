/**
 * A chosen file's bytes as base64, as the API takes files inside a JSON body: through FileReader, which
 * every browser (and jsdom) has. A data: URL is the file base64-encoded after its first comma.
 */
export function fileBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error);
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}
