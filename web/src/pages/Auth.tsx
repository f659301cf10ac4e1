import { Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import { ME_KEY } from "../auth";
import { FormError } from "../components/layout";
import { applyApiError } from "../lib/forms";

function AuthCard({ title, subtitle, children }: { title: string; subtitle: React.ReactNode; children: React.ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420} component="main">
        <Title order={2} mb={4}>{title}</Title>
        <Text c="dimmed" size="sm" mb="lg">{subtitle}</Text>
        {children}
      </Paper>
    </Center>
  );
}

function useAfterSignIn() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return async () => {
    queryClient.clear();
    await queryClient.fetchQuery({ queryKey: ME_KEY, queryFn: () => unwrap(api.GET("/api/v1/auth/me")) });
    const next = params.get("next");
    navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
  };
}

export function LoginPage() {
  const form = useForm({ initialValues: { email: "", password: "" } });
  const [error, setError] = useState<string | null>(null);
  const afterSignIn = useAfterSignIn();
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await unwrap(api.POST("/api/v1/auth/login", { body: values }));
      await afterSignIn();
    } catch (caught) {
      setError(applyApiError(form, caught));
    }
  });
  return (
    <AuthCard title="Log in to Fluxrate" subtitle={<>New here? <Anchor component={Link} to="/signup">Create an account</Anchor></>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={error} />
          <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps("email")} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps("password")} />
          <Button type="submit" loading={form.submitting}>Log in</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

export function SignupPage() {
  const form = useForm({ initialValues: { org_name: "", email: "", password: "" } });
  const [error, setError] = useState<string | null>(null);
  const afterSignIn = useAfterSignIn();
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await unwrap(api.POST("/api/v1/auth/signup", { body: values }));
      await afterSignIn();
    } catch (caught) {
      setError(applyApiError(form, caught));
    }
  });
  return (
    <AuthCard title="Create your Fluxrate account" subtitle={<>Already have one? <Anchor component={Link} to="/login">Log in</Anchor></>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={error} />
          <TextInput label="Organization name" required autoComplete="organization" {...form.getInputProps("org_name")} />
          <TextInput label="Email" type="email" required autoComplete="email" {...form.getInputProps("email")} />
          <PasswordInput label="Password" required autoComplete="new-password"
            description="At least 10 characters" {...form.getInputProps("password")} />
          <Button type="submit" loading={form.submitting}>Create account</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
