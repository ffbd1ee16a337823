// The app's one QueryClient: server data (fetched traces, the local receiver's list) only.
// One retry for network trouble; a bad id, a rejected key or a missing trace is final at once.
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      retry: (failures, error) => failures < 1 && (!(error instanceof ApiError) || error.retryable),
      refetchOnWindowFocus: false,
    },
  },
});
