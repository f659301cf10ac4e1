// Cursor pagination: the API hands out `next_cursor`; going back replays the cursors seen.
import { Button, Group, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Page } from "../api/client";

export const PAGE_SIZE = 25;

export function usePaged<T>(key: readonly unknown[], fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  options: { refetchInterval?: number } = {}) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [keyText, setKeyText] = useState(JSON.stringify(key));
  const currentKeyText = JSON.stringify(key);
  if (keyText !== currentKeyText) {
    // A new filter starts again at the first page.
    setKeyText(currentKeyText);
    setCursors([undefined]);
  }
  const cursor = cursors[cursors.length - 1];
  const query = useQuery({
    queryKey: [...key, "page", cursor ?? null],
    queryFn: () => fetchPage(cursor),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  });
  const nextCursor = query.data?.next_cursor ?? undefined;
  return {
    query,
    rows: query.data?.data ?? [],
    pageNumber: cursors.length,
    hasPrevious: cursors.length > 1,
    hasNext: Boolean(nextCursor),
    next: () => nextCursor && setCursors([...cursors, nextCursor]),
    previous: () => setCursors(cursors.slice(0, -1)),
  };
}

export function Pager({ paged }: { paged: ReturnType<typeof usePaged<unknown>> | {
  pageNumber: number; hasPrevious: boolean; hasNext: boolean; next: () => void; previous: () => void;
} }) {
  if (!paged.hasPrevious && !paged.hasNext) return null;
  return (
    <Group justify="flex-end" mt="sm" gap="xs">
      <Text size="sm" c="dimmed">Page {paged.pageNumber}</Text>
      <Button size="xs" variant="default" disabled={!paged.hasPrevious} onClick={paged.previous}>Previous</Button>
      <Button size="xs" variant="default" disabled={!paged.hasNext} onClick={() => paged.next()}>Next</Button>
    </Group>
  );
}
