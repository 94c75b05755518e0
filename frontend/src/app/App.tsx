/** Routes of the UI. Every page is its own chunk, so the first load carries only the shell. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense, useEffect } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { useMe } from "@/api/auth";
import { UNAUTHORIZED_EVENT, ApiError } from "@/api/client";
import { ErrorMessage } from "@/components/common/ErrorMessage";
import { Loading } from "@/components/common/Loading";
import { Shell } from "@/components/shell/Shell";

const LoginPage = lazy(() => import("@/routes/login/LoginPage"));
const CatalogPage = lazy(() => import("@/routes/catalog/CatalogPage"));
const LineagePage = lazy(() => import("@/routes/lineage/LineagePage"));
const AssetPage = lazy(() => import("@/routes/asset/AssetPage"));
const LaunchpadPage = lazy(() => import("@/routes/launchpad/LaunchpadPage"));
const RunsPage = lazy(() => import("@/routes/runs/RunsPage"));
const RunPage = lazy(() => import("@/routes/run/RunPage"));
const LocationsPage = lazy(() => import("@/routes/locations/LocationsPage"));
const NotFoundPage = lazy(() => import("@/routes/not-found/NotFoundPage"));

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        // A 4xx will not heal by asking again.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      },
    },
  });
}

/** Sends a signed-out user to the login page, and back here afterwards. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, error } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    const onUnauthorized = () =>
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, [navigate, location]);
  if (isPending) return <Loading />;
  if (error) return <div className="page"><ErrorMessage error={error} title="The server cannot be reached" /></div>;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

function Page({ children }: { children: ReactNode }) {
  return (
    <RequireAuth>
      <Shell>
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </Shell>
    </RequireAuth>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<Suspense fallback={<Loading />}><LoginPage /></Suspense>} />
      <Route path="/" element={<Navigate to="/assets" replace />} />
      <Route path="/assets" element={<Page><CatalogPage /></Page>} />
      <Route path="/assets/*" element={<Page><AssetPage /></Page>} />
      <Route path="/lineage" element={<Page><LineagePage /></Page>} />
      <Route path="/launchpad" element={<Page><LaunchpadPage /></Page>} />
      <Route path="/runs" element={<Page><RunsPage /></Page>} />
      <Route path="/runs/:runId" element={<Page><RunPage /></Page>} />
      <Route path="/locations" element={<Page><LocationsPage /></Page>} />
      <Route path="*" element={<Page><NotFoundPage /></Page>} />
    </Routes>
  );
}

export function App({ client }: { client: QueryClient }) {
  return (
    <QueryClientProvider client={client}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </QueryClientProvider>
  );
}
