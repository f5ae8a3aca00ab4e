"""API permissions read from the access policy: reads are open (each list filters through
`policy.visible_to`), writes need the ability the endpoint's actions check, so a caller who may
not is refused (401 anonymous, 403 signed in) before the request body is read."""

from __future__ import annotations

from rest_framework import permissions

from restrack.accounts import policy


def writes_need(ability: str) -> type[permissions.BasePermission]:
    class WritesNeed(permissions.BasePermission):
        message = ""

        def has_permission(self, request, view) -> bool:
            if request.method in permissions.SAFE_METHODS or policy.allows(request.user, ability):
                return True
            self.message = policy.refusal(request.user, ability)
            return False

    WritesNeed.__name__ = WritesNeed.__qualname__ = f"WritesNeed_{ability.replace('.', '_')}"
    return WritesNeed
