// Pause, resume, cancel (now or at period end), change plan (now or at period end). What ending
// the period now would bill is shown before the operator confirms.
import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { usePlans, type Subscription } from "../api/hooks";
import { LinesTable } from "../components/UpcomingLines";
import { ErrorNotice, Loading } from "../components/layout";

function EndingNowBill({ subscription }: { subscription: Subscription }) {
  const bill = useQuery({
    queryKey: ["upcoming", subscription.id, "ending-now"],
    queryFn: () => unwrap(api.GET("/api/v1/subscriptions/{subscription_id}/upcoming-invoice", {
      params: { path: { subscription_id: subscription.id }, query: { ending_now: true } } })),
    retry: 5,
    retryDelay: 1000,
  });
  if (bill.isPending) return <Loading label="Working out the prorated bill" />;
  if (bill.error) return <ErrorNotice error={bill.error} />;
  return (
    <Stack gap={4}>
      <Text size="sm">Billed now for the period so far (fixed fees prorated by the days elapsed):</Text>
      <LinesTable lines={bill.data.lines} currency={bill.data.currency} total={bill.data.total} />
    </Stack>
  );
}

function useAction(subscription: Subscription, onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (call: () => Promise<unknown>) => call(),
    onSuccess: async () => {
      notifications.show({ color: "green", message: "Subscription updated" });
      await queryClient.invalidateQueries({ queryKey: ["subscriptions"] });
      await queryClient.invalidateQueries({ queryKey: ["upcoming", subscription.id] });
      onDone();
    },
  });
}

export function CancelDialog({ subscription, opened, onClose }: { subscription: Subscription; opened: boolean; onClose: () => void }) {
  const [when, setWhen] = useState("now");
  const action = useAction(subscription, onClose);
  const path = { params: { path: { subscription_id: subscription.id } } };
  return (
    <Modal opened={opened} onClose={onClose} title="Cancel subscription" size="lg">
      <Stack>
        <SegmentedControl value={when} onChange={setWhen} aria-label="When"
          data={[{ value: "now", label: "Now" }, { value: "end", label: "At period end" }]} />
        {when === "now" ? <EndingNowBill subscription={subscription} /> :
          <Text size="sm">The subscription runs to the end of the current period, is billed in full, then ends.</Text>}
        {action.error && <ErrorNotice error={action.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Keep subscription</Button>
          <Button color="red" loading={action.isPending} onClick={() => action.mutate(() => unwrap(api.POST(
            "/api/v1/subscriptions/{subscription_id}/cancel", { ...path, body: { at_period_end: when === "end" } })))}>
            Cancel {when === "now" ? "now" : "at period end"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ChangePlanDialog({ subscription, opened, onClose }: { subscription: Subscription; opened: boolean; onClose: () => void }) {
  const [when, setWhen] = useState("now");
  const [planId, setPlanId] = useState<string | null>(null);
  const plans = (usePlans().data ?? []).filter((p) => p.status === "ACTIVE" && p.id !== subscription.plan_id);
  const action = useAction(subscription, onClose);
  return (
    <Modal opened={opened} onClose={onClose} title="Change plan" size="lg">
      <Stack>
        <Select label="New plan" placeholder="Choose a plan" data={plans.map((p) => ({ value: p.id, label: `${p.name} (every ${p.interval}, ${p.currency})` }))}
          value={planId} onChange={setPlanId} nothingFoundMessage="No other active plan" />
        <SegmentedControl value={when} onChange={setWhen} aria-label="When"
          data={[{ value: "now", label: "Now (prorated)" }, { value: "end", label: "At period end" }]} />
        {when === "now" ? <EndingNowBill subscription={subscription} /> :
          <Alert color="blue">The current period is billed in full on the current plan; the new plan starts with the next period.</Alert>}
        {action.error && <ErrorNotice error={action.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Back</Button>
          <Button disabled={!planId} loading={action.isPending} onClick={() => action.mutate(() => unwrap(api.POST(
            "/api/v1/subscriptions/{subscription_id}/change-plan", {
              params: { path: { subscription_id: subscription.id } }, body: { plan_id: planId!, at_period_end: when === "end" } })))}>
            Change plan
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function usePauseResume(subscription: Subscription) {
  const action = useAction(subscription, () => undefined);
  const path = { params: { path: { subscription_id: subscription.id } } };
  return {
    pause: () => action.mutate(() => unwrap(api.POST("/api/v1/subscriptions/{subscription_id}/pause", path))),
    resume: () => action.mutate(() => unwrap(api.POST("/api/v1/subscriptions/{subscription_id}/resume", path))),
    pending: action.isPending,
    error: action.error,
  };
}
