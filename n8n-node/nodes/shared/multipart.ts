import { randomBytes } from 'node:crypto';

export interface FilePart {
	content: Buffer;
	fileName: string;
	contentType: string;
}

/**
 * A multipart/form-data body with one file field, built as plain bytes so it goes through n8n's
 * request helper unchanged whatever HTTP client and FormData flavour the n8n version uses.
 */
export function multipartFile(
	field: string,
	file: FilePart,
): { body: Buffer; contentType: string } {
	const boundary = `----pinbridge${randomBytes(12).toString('hex')}`;
	const head =
		`--${boundary}\r\n` +
		`Content-Disposition: form-data; name="${field}"; filename="${quoted(file.fileName)}"\r\n` +
		`Content-Type: ${file.contentType}\r\n\r\n`;
	const body = Buffer.concat([
		Buffer.from(head, 'utf8'),
		file.content,
		Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
	]);
	return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

function quoted(value: string): string {
	return value.replace(/[\r\n]/g, ' ').replace(/"/g, '%22');
}
