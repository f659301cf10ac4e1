import { Button } from "@mantine/core";
import { Link } from "react-router";
import { EmptyState } from "../components/layout";

export function NotFoundPage() {
  return (
    <EmptyState title="There is no page here" action={<Button component={Link} to="/">Back to Get started</Button>}>
      The address may be mistyped, or the thing it named belongs to another organization.
    </EmptyState>
  );
}
