// Downloads the CSV of the list's view, or of the orders selected in it: fetched like any of the app's own requests (App Bridge adds the session
// token), then handed to the browser as a file named as the server says.
import { useCallback, useState } from "react";

export function useOrdersCsvDownload(viewSearch: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = useCallback(
    async (orderIds: readonly string[] = []) => {
      setBusy(true);
      setError(null);
      try {
        const params = new URLSearchParams(viewSearch);
        for (const id of orderIds) params.append("orderId", id);
        const search = params.toString();
        const response = await fetch(`/app/orders/export${search ? `?${search}` : ""}`);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const blob = await response.blob();
        const disposition = response.headers.get("Content-Disposition") ?? "";
        const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "deferred-orders.csv";
        const url = URL.createObjectURL(blob);
        const anchor = document.createElement("a");
        anchor.href = url;
        anchor.download = name;
        document.body.append(anchor);
        anchor.click();
        anchor.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      } catch {
        setError("The CSV could not be downloaded. Check your connection and try again.");
      } finally {
        setBusy(false);
      }
    },
    [viewSearch],
  );
  return { busy, error, download, dismiss: () => setError(null) };
}
