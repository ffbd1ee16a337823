// The editor's decoded view of the current headers: strict W3C verdicts and the OpenTelemetry JS
// run, recomputed when a value changes.

import { useMemo } from 'react';
import { decodeHeaders, type DecodedHeaders } from '../../core/headers/decode.ts';
import {
  type BlockNote,
  blockToFields,
  type HeaderFields,
  parseHeaderBlock,
  valuesToFields,
} from '../../core/headers/header-block.ts';
import { type OtelResult, runOtel } from '../../core/headers/otel-compare.ts';
import { useHeaderStore } from '../../state/header-store.ts';

export interface DecodedView {
  fields: HeaderFields;
  decoded: DecodedHeaders;
  otel: OtelResult;
  blockNotes: BlockNote[];
}

export function useDecodedHeaders(): DecodedView {
  const traceparent = useHeaderStore(s => s.traceparent);
  const tracestate = useHeaderStore(s => s.tracestate);
  const baggage = useHeaderStore(s => s.baggage);
  const block = useHeaderStore(s => s.block);
  const source = useHeaderStore(s => s.source);
  return useMemo(() => {
    let fields: HeaderFields;
    let blockNotes: BlockNote[] = [];
    if (source === 'block') {
      const b = parseHeaderBlock(block);
      fields = blockToFields(b);
      blockNotes = b.notes;
    } else {
      fields = valuesToFields({ traceparent, tracestate, baggage });
    }
    const decoded = decodeHeaders(fields);
    return { fields, decoded, otel: runOtel(fields, decoded), blockNotes };
  }, [traceparent, tracestate, baggage, block, source]);
}
