// Who is signed in. The session lives in HttpOnly cookies the page cannot read, so "signed
// in" means /auth/me answers; the client refreshes the session by itself on a 401.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { api, ApiError, onSignedOut, refreshSession, unwrap } from "./api/client";
import { Loading } from "./components/layout";

export const ME_KEY = ["me"] as const;
const PROACTIVE_REFRESH_MS = 10 * 60 * 1000; // well inside the 15-minute access token

export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: () => unwrap(api.GET("/api/v1/auth/me")),
    staleTime: 60_000,
    retry: false,
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    await api.POST("/api/v1/auth/logout");
    queryClient.clear();
    navigate("/login", { replace: true });
  };
}

/** Renders its children only for a signed-in user; otherwise sends them to log in. */
export function RequireSession({ children }: { children: React.ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const queryClient = useQueryClient();
  useEffect(() => onSignedOut(() => queryClient.setQueryData(ME_KEY, null)), [queryClient]);
  useEffect(() => {
    const timer = window.setInterval(() => void refreshSession(), PROACTIVE_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  if (me.isPending) return <Loading label="Checking your session" />;
  const unauthorized = me.data === null || (me.error instanceof ApiError && me.error.status === 401);
  if (unauthorized) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.error) throw me.error;
  return <>{children}</>;
}
