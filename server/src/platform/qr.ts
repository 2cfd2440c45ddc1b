import QRCode from 'qrcode';

/**
 * The notice's QR code (pagoPA asks for error correction M) as the matrix of dark modules, for drawing
 * in a PDF, and as SVG for a page.
 */
export function qrModules(text: string): { size: number; dark: (row: number, col: number) => boolean } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: qr.modules.size, dark: (r, c) => qr.modules.get(r, c) === 1 };
}

export function noticeQrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}
