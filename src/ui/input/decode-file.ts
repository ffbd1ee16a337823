// Read a dropped/opened file as text: UTF-8 or UTF-16 (BOM), refusing what cannot be a dump
// before it exhausts the tab's memory.

import { InputText } from '../../core/input/input-text.ts';

export const MAX_FILE_BYTES = 400 * 1024 * 1024;

export function tooLargeMessage(file: File): string {
  return `${file.name} is ${(file.size / 1024 / 1024).toFixed(0)} MB; the browser view reads at most ${MAX_FILE_BYTES / 1024 / 1024} MB. Export just the trace you need, or run \`node bin/tpd.js check ${file.name}\`.`;
}

export async function decodeFile(file: File): Promise<{ text: string } | { error: string }> {
  if (file.size > MAX_FILE_BYTES) return { error: tooLargeMessage(file) };
  try {
    return { text: InputText.fromBytes(new Uint8Array(await file.arrayBuffer()), file.name).text };
  } catch (e) {
    return { error: `Could not read ${file.name}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
