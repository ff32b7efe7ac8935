"""Production settings and the admin's defences."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 20 + "9Qz!x@Lr#Tm$Vn%Wb^Yc&Ud*Ie(Of)Pg_" + "h" * 10,
    "ALLOWED_HOSTS": "lemagazine.example",
    "DJANGO_SETTINGS_MODULE": "magazine.settings",
}


def test_check_deploy_reports_nothing_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}}
    env.update(PRODUCTION_ENV)
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_security_headers_on_reader_pages(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures_then_an_editor_unlocks():
    User.objects.create_user("camille", password="un-bon-mot-de-passe-2026", is_staff=True)
    intruder = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(4):
        response = intruder.post("/admin/login/", {"username": "camille", "password": "faux"})
        assert response.status_code == 200  # the usual "wrong password" form
    fifth = intruder.post("/admin/login/", {"username": "camille", "password": "faux"})
    assert fifth.status_code == 429
    locked = intruder.post("/admin/login/", {"username": "camille", "password": "un-bon-mot-de-passe-2026"})
    assert locked.status_code == 429
    assert "Connexion bloquée" in locked.content.decode()

    # Another user from the same place, and the same user elsewhere, are not locked out.
    assert Client(REMOTE_ADDR="198.51.100.4").post(
        "/admin/login/", {"username": "camille", "password": "un-bon-mot-de-passe-2026"}).status_code == 302

    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="camille")
    assert "203.0.113.9" not in attempt.ip_address  # only a salted hash is kept

    editor = User.objects.create_user("chef", password="x" * 16, is_staff=True)
    editor.groups.add(Group.objects.get(name="Rédacteur en chef"))
    editor_client = Client()
    editor_client.force_login(editor)
    response = editor_client.post("/admin/axes/accessattempt/", {
        "action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"})
    assert response.status_code == 302
    assert intruder.post("/admin/login/", {"username": "camille", "password": "un-bon-mot-de-passe-2026"}
                         ).status_code == 302


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["magazine", "12345678901234", "motdepasse"]:
        with pytest.raises(ValidationError):
            validate_password(weak)


@pytest.mark.django_db
def test_two_factor_login_for_staff_when_turned_on(settings):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.STAFF_TWO_FACTOR = True
    user = User.objects.create_user("zoe", password="un-bon-mot-de-passe-2026", is_staff=True,
                                    is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    client = Client()

    without_code = client.post("/admin/login/", {"username": "zoe", "password": "un-bon-mot-de-passe-2026"})
    assert without_code.status_code == 200  # the form asks for the code again
    assert client.get("/admin/").status_code == 302

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    with_code = client.post("/admin/login/", {"username": "zoe", "password": "un-bon-mot-de-passe-2026",
                                              "otp_device": device.persistent_id, "otp_token": f"{code:06d}"})
    assert with_code.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_password_login_alone_is_enough_when_two_factor_is_off():
    User.objects.create_user("zoe", password="un-bon-mot-de-passe-2026", is_staff=True)
    client = Client()
    assert client.post("/admin/login/", {"username": "zoe", "password": "un-bon-mot-de-passe-2026"}
                       ).status_code == 302
    assert client.get("/admin/").status_code == 200
