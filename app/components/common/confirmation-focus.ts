// Keyboard focus around a confirmation shown in place of the button that asked for it: when the confirmation opens,
// focus moves to it (the button that had focus is gone, and focus would otherwise fall to the page's start); when it
// closes, focus goes back to that button, if it is still there.
import { useEffect, useRef } from "react";
import type { BannerHandles } from "@shopify/polaris";

/**
 * `confirming` is what is being confirmed (null when nothing is); `triggerId` gives the id of the button that asks
 * for each. Returns the ref to put on the confirmation's Banner.
 */
export function useConfirmationFocus<T extends string>(confirming: T | null, triggerId?: (intent: T) => string) {
  const banner = useRef<BannerHandles>(null);
  const last = useRef<T | null>(null);
  useEffect(() => {
    if (confirming) {
      last.current = confirming;
      banner.current?.focus();
    } else if (last.current) {
      if (triggerId) document.getElementById(triggerId(last.current))?.focus();
      last.current = null;
    }
  }, [confirming, triggerId]);
  return banner;
}
