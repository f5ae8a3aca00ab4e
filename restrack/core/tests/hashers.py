"""Cheap password hashers for the suite: the same algorithms, in the same order, as the site's
PASSWORD_HASHERS, with the smallest work factors. Hashing a password with the site's Argon2 costs
about 0.3 s of CPU, and every user a test makes or signs in pays it; hashes made here still name
their algorithm (argon2$..., pbkdf2_sha256$...) and the site's own hashers verify them."""

from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64  # KiB
    parallelism = 1


class CheapPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1


class CheapPBKDF2SHA1PasswordHasher(PBKDF2SHA1PasswordHasher):
    iterations = 1


CHEAP = {
    "django.contrib.auth.hashers.Argon2PasswordHasher": CheapArgon2PasswordHasher,
    "django.contrib.auth.hashers.PBKDF2PasswordHasher": CheapPBKDF2PasswordHasher,
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher": CheapPBKDF2SHA1PasswordHasher,
}


def cheap_hashers(hashers: list[str]) -> list[str]:
    """`hashers` (dotted paths) with each costly one replaced by its cheap twin, order kept."""
    return [f"{__name__}.{CHEAP[path].__name__}" if path in CHEAP else path for path in hashers]
