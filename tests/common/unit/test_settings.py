from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fluxrate_common.settings import ServiceSettings, load_settings


def test_reads_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLUXRATE_HTTP_PORT", "9000")
    monkeypatch.setenv("FLUXRATE_KAFKA_ENABLE_IDEMPOTENCE", "false")
    settings = load_settings(ServiceSettings)
    assert settings.http_port == 9000
    assert settings.kafka_enable_idempotence is False


def test_bad_value_exits_with_a_message_naming_the_variable(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FLUXRATE_HTTP_PORT", "eighty")
    with pytest.raises(SystemExit) as exit_info:
        load_settings(ServiceSettings)
    assert exit_info.value.code == 2
    assert "FLUXRATE_HTTP_PORT" in capsys.readouterr().err


def test_secrets_are_never_echoed(monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FLUXRATE_JWT_SECRET", "too-short-but-secret")
    with pytest.raises(SystemExit):
        load_settings(ServiceSettings)
    err = capsys.readouterr().err
    assert "FLUXRATE_JWT_SECRET" in err and "too-short-but-secret" not in err


def test_a_service_process_fails_fast_on_a_bad_setting() -> None:
    env = {**os.environ, "FLUXRATE_KAFKA_NAMESPACE": "Not Valid!"}
    result = subprocess.run([sys.executable, "-m", "fluxrate_catalog"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "FLUXRATE_KAFKA_NAMESPACE" in result.stderr


def test_malformed_encryption_keys_are_refused(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FLUXRATE_ENCRYPTION_KEYS", "not-a-fernet-key")
    with pytest.raises(SystemExit):
        load_settings(ServiceSettings)
    assert "FLUXRATE_ENCRYPTION_KEYS" in capsys.readouterr().err


def test_secrets_come_from_files_in_the_secrets_dir(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from fluxrate_platform.secrets import ensure_secrets

    assert set(ensure_secrets(tmp_path)) == {"FLUXRATE_JWT_SECRET", "FLUXRATE_ENCRYPTION_KEYS",
                                             "postgres-password", "pgpass"}
    jwt = (tmp_path / "FLUXRATE_JWT_SECRET").read_text()
    assert ensure_secrets(tmp_path) == [] and (tmp_path / "FLUXRATE_JWT_SECRET").read_text() == jwt
    assert (tmp_path / "pgpass").stat().st_mode & 0o077 == 0
    password = (tmp_path / "postgres-password").read_text()
    assert (tmp_path / "pgpass").read_text() == f"*:*:*:*:{password}\n"
    monkeypatch.setenv("FLUXRATE_SECRETS_DIR", str(tmp_path))
    settings = load_settings(ServiceSettings)
    assert settings.jwt_secret.get_secret_value() == jwt
    settings.require_secrets()  # both present: no exit
    monkeypatch.setenv("FLUXRATE_JWT_SECRET", "e" * 40)
    assert load_settings(ServiceSettings).jwt_secret.get_secret_value() == "e" * 40
