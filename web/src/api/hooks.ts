// Shared lookups: the catalog lists that many pages need as maps by id.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./client";

export type Meter = Schemas["MeterOut"];
export type Feature = Schemas["FeatureOut"];
export type Plan = Schemas["PlanOut"];
export type Customer = Schemas["CustomerOut"];
export type Subscription = Schemas["SubscriptionOut"];
export type Invoice = Schemas["InvoiceOut"];

const ALL = 500; // the API's largest page: lookups for names, not lists to page through

export function useMeters() {
  return useQuery({
    queryKey: ["meters", "all"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/meters", { params: { query: { limit: ALL } } }))).data ?? [],
  });
}

export function useFeatures() {
  return useQuery({
    queryKey: ["features", "all"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/features", { params: { query: { limit: ALL } } }))).data ?? [],
  });
}

export function usePlans() {
  return useQuery({
    queryKey: ["plans", "all"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/plans", { params: { query: { limit: ALL } } }))).data ?? [],
  });
}

export function byId<T extends { id: string }>(items: T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((item) => [item.id, item]));
}

export function useCustomer(customerId: string | undefined) {
  return useQuery({
    queryKey: ["customers", customerId],
    enabled: Boolean(customerId),
    queryFn: () => unwrap(api.GET("/api/v1/customers/{customer_id}", { params: { path: { customer_id: customerId! } } })),
    staleTime: 60_000,
  });
}

export function usePlan(planId: string | undefined) {
  return useQuery({
    queryKey: ["plans", planId],
    enabled: Boolean(planId),
    queryFn: () => unwrap(api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId! } } })),
  });
}
