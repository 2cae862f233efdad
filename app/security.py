"""Write keys: header X-API-Key, compared in constant time with every configured key.

Keys have names (POLICYGRAPH_API_KEYS, or POLICYGRAPH_API_KEY named `default`); the name of
the key that made a write is recorded in the change history as its actor.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, Security
from fastapi.security import APIKeyHeader

from policygraph import idempotency
from policygraph.deps import SettingsDep
from policygraph.idempotency import IdempotencyKey
from policygraph.services import impact

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="Required for every write.")


def key_name(keys: dict[str, str], offered: str) -> str | None:
    """The name of the key matching `offered`. Every key is compared, so timing tells nothing."""
    found = None
    for name, key in keys.items():
        if hmac.compare_digest(offered.encode(), key.encode()):
            found = name
    return found


async def require_api_key(settings: SettingsDep, key: Annotated[str | None, Security(api_key_header)]) -> str:
    keys = settings.write_keys()
    if not keys:
        raise HTTPException(
            status_code=403,
            detail="Writes are disabled on this server: set the environment variable "
            "POLICYGRAPH_API_KEY (or POLICYGRAPH_API_KEYS) and send the key in the X-API-Key header.",
        )
    name = key_name(keys, key) if key is not None else None
    if name is None:
        raise HTTPException(
            status_code=401,
            detail="A valid X-API-Key header is required for writes.",
            headers={"WWW-Authenticate": "APIKey"},
        )
    return name


DryRun = Annotated[
    bool,
    Query(
        description="true: write nothing and answer the impact (200, `Impact`): the affected documents with "
        "their departments and pillars, the links that would become suspect, the documents that would be "
        "left unanchored and the audit's delta. Refusals answer as the real write would."
    ),
]


async def write_access(
    request: Request,
    settings: SettingsDep,
    actor: Annotated[str, Depends(require_api_key)],
    idempotency_key: IdempotencyKey = None,
    dry_run: DryRun = False,
) -> str:
    """A write's key; its Idempotency-Key if it sent one (app/idempotency.py), unless it is a dry
    run (services/impact.py), which keeps none."""
    if dry_run:
        impact.rehearsing(settings.dry_run_audit_documents)
    else:
        await idempotency.remember(request, actor, idempotency_key)
    return actor


WriteKey = Annotated[str, Depends(write_access)]
