import { Modal } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { ReactNode } from "react";

/** A dialog for one form; full screen on a phone. */
export function FormModal({ opened, onClose, title, children, size = "lg" }: {
  opened: boolean; onClose: () => void; title: string; children: ReactNode; size?: string;
}) {
  const phone = useMediaQuery("(max-width: 36em)");
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} fullScreen={phone}
      closeOnClickOutside={false} closeButtonProps={{ "aria-label": "Close" }} styles={{ title: { fontWeight: 700, fontSize: "1.1rem" } }}>
      {children}
    </Modal>
  );
}
