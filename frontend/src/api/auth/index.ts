/** The signed-in user: query, login, logout, and what the user's role allows. */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, type Schemas, unwrap } from "../client";

export type Me = Schemas["Me"];
export type Role = Me["role"];

export const authKeys = { me: ["auth", "me"] as const };

export const meQuery = queryOptions({
  queryKey: authKeys.me,
  queryFn: async (): Promise<Me | null> => {
    try {
      return await unwrap(api.GET("/api/auth/me/"));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
      throw error;
    }
  },
  staleTime: 60_000,
  retry: false,
});

export function useMe() {
  return useQuery(meQuery);
}

const RANK: Record<string, number> = { viewer: 0, launcher: 1, admin: 2 };

/** Actions the UI offers by role; the server checks again on every call. */
export type Action = "launch" | "reload" | "admin";
const NEEDED: Record<Action, string> = { launch: "launcher", reload: "admin", admin: "admin" };

export function roleAllows(role: string | null | undefined, action: Action): boolean {
  if (!role) return false;
  return (RANK[role] ?? -1) >= (RANK[NEEDED[action]] ?? 99);
}

export function useCan(action: Action): boolean {
  const { data } = useMe();
  return roleAllows(data?.role, action);
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { username: string; password: string }) => {
      await unwrap(api.GET("/api/auth/csrf/"));
      return unwrap(api.POST("/api/auth/login/", { body }));
    },
    onSuccess: (me) => {
      client.setQueryData(authKeys.me, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/logout/")),
    onSettled: () => {
      client.clear();
      client.setQueryData(authKeys.me, null);
    },
  });
}
