// Live updates from the local receiver (Server-Sent Events): when spans arrive, the recent list
// and any open local trace are refetched. Returns whether the channel is connected.

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryKeys } from './query-keys.ts';

export type LiveState = 'connecting' | 'live' | 'offline';

export function useLocalTraceEvents(enabled = true): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/local/events');
    source.onopen = () => setState('live');
    // EventSource reconnects by itself; show it as offline meanwhile.
    source.onerror = () => setState('offline');
    source.addEventListener('traces', () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.local() });
    });
    return () => source.close();
  }, [enabled, queryClient]);
  return state;
}
