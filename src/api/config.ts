// What the app's server says about itself: which sources have their key set (never the key) and
// where the local receiver listens.

import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, apiGet } from './api-error.ts';
import { queryKeys } from './query-keys.ts';

const ServerConfig = z.object({
  sources: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      defaultUrl: z.string(),
      project: z.string(),
      env: z.array(z.object({ name: z.string(), set: z.boolean() })),
    }),
  ),
  receiver: z.object({
    otlpHttpUrl: z.string().nullable(),
    otlpGrpcAddress: z.string().nullable(),
    database: z.string(),
  }),
});

export type ServerConfig = z.infer<typeof ServerConfig>;

export const serverConfigQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.config(),
    queryFn: async ({ signal }) => {
      const parsed = ServerConfig.safeParse(await (await apiGet('/api/config', signal)).json());
      if (!parsed.success)
        throw new ApiError('bad-response', 'Unexpected answer from /api/config.');
      return parsed.data;
    },
    staleTime: 5 * 60_000,
  });
