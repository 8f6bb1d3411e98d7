// Unsaved changes on a form: App Bridge's contextual save bar while the form differs from what was loaded (the admin
// then blocks leaving through its own navigation), and a leave prompt for the app's own links and for reloads.
import { useCallback, useEffect, useRef } from "react";
import { useBlocker, type BlockerFunction } from "@remix-run/react";
import { Modal, Text } from "@shopify/polaris";
import { SaveBar } from "@shopify/app-bridge-react";

export interface UnsavedChangesProps {
  /** The save bar's element id (unique on the page). */
  id: string;
  /** The form differs from what was loaded. */
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
  /** A navigation that is the point of the page's own action (e.g. away from an offer just deleted): not asked about. */
  leaving?: boolean;
}

/** Which navigations lose the changes: to another page (a submission to this page, or a search change, does not). */
export function losesChanges(
  dirty: boolean,
  { currentLocation, nextLocation }: Pick<Parameters<BlockerFunction>[0], "currentLocation" | "nextLocation">,
): boolean {
  return dirty && currentLocation.pathname !== nextLocation.pathname;
}

export function UnsavedChanges({ id, dirty, saving, onSave, onDiscard, leaving = false }: UnsavedChangesProps) {
  const guard = useRef({ dirty, leaving });
  guard.current = { dirty, leaving };
  const shouldBlock = useCallback<BlockerFunction>(
    (navigation) => !guard.current.leaving && losesChanges(guard.current.dirty, navigation),
    [],
  );
  const blocker = useBlocker(shouldBlock);

  // A reload or a closed tab: the browser's own prompt.
  useEffect(() => {
    if (!dirty || leaving) return;
    const prompt = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", prompt);
    return () => window.removeEventListener("beforeunload", prompt);
  }, [dirty, leaving]);

  // Saved or discarded while a navigation waited: nothing is lost any more, so it goes ahead.
  useEffect(() => {
    if (blocker.state === "blocked" && !dirty) blocker.proceed();
  }, [blocker, dirty]);

  return (
    <>
      <SaveBar id={id} open={dirty}>
        {/* Rendered by the admin (Discard, then Save); clicks come back to these buttons. */}
        {/* eslint-disable-next-line react/no-unknown-property -- App Bridge reads a save bar button's variant */}
        <button variant="primary" onClick={onSave} loading={saving ? "" : undefined} disabled={saving}>
          Save
        </button>
        <button onClick={onDiscard} disabled={saving}>
          Discard
        </button>
      </SaveBar>
      <Modal
        open={blocker.state === "blocked"}
        onClose={() => blocker.reset?.()}
        title="Leave page with unsaved changes?"
        primaryAction={{ content: "Leave page", destructive: true, onAction: () => blocker.proceed?.() }}
        secondaryActions={[{ content: "Stay", onAction: () => blocker.reset?.() }]}
      >
        <Modal.Section>
          <Text as="p">Leaving this page will delete all unsaved changes.</Text>
        </Modal.Section>
      </Modal>
    </>
  );
}
