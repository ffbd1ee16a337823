// Every file under public/samples/<format-id>/, for tests that check a sniffer claims its own
// samples and no one else's (other directories, such as broken/ and hostile/, are left out).

import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSample } from './fixture-trace.test-helper.ts';
import { isFormatId } from './index.ts';
import type { InputText } from '../input/input-text.ts';

export interface SampleFile {
  /** Path relative to public/samples, e.g. "phoenix-spans/basic.json". */
  rel: string;
  /** The directory name = the format id the sample belongs to. */
  formatId: string;
  input: InputText;
}

export function allSamples(): SampleFile[] {
  const root = fileURLToPath(new URL('../../../public/samples/', import.meta.url));
  const out: SampleFile[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    // Only <format-id>/ directories: broken/ and hostile/ hold cases, not one format each.
    if (!dir.isDirectory() || !isFormatId(dir.name)) continue;
    for (const f of readdirSync(`${root}${dir.name}`, { withFileTypes: true })) {
      if (!f.isFile()) continue;
      const rel = `${dir.name}/${f.name}`;
      out.push({ rel, formatId: dir.name, input: readSample(rel) });
    }
  }
  return out;
}
