"""Encrypt the TOTP seeds stored before issue 15 (see veiligheidsbeeld.accounts.otp_keys)."""

from django.db import migrations


def encrypt_seeds(apps, schema_editor):
    from veiligheidsbeeld.accounts.otp_keys import PREFIX, encrypt

    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.exclude(key__startswith=PREFIX).only("key"):
        TOTPDevice.objects.filter(pk=device.pk).update(key=encrypt(device.key))


def decrypt_seeds(apps, schema_editor):
    from veiligheidsbeeld.accounts.otp_keys import PREFIX, decrypt

    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.filter(key__startswith=PREFIX).only("key"):
        TOTPDevice.objects.filter(pk=device.pk).update(key=decrypt(device.key).hex())


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_enrolment_codes"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(encrypt_seeds, decrypt_seeds)]
